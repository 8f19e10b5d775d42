package dev.neo4jbackup.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.neo4jbackup.catalog.ServiceState;

/**
 * The failure handling (retry after 1m, 5m, 30m, 24h; pause after 5) as a pure function: after the n-th failure in a row the run is retried
 * after the n-th delay (the last delay repeats), and after {@code pauseAfter} failures in a row the
 * scheduler pauses instead.
 */
public record RetryPolicy(List<Duration> delays, int pauseAfter) {

    public RetryPolicy {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || pauseAfter < 1) {
            throw new IllegalArgumentException("at least one delay and pauseAfter >= 1");
        }
    }

    /** What to do after {@code consecutiveFailures} failures in a row (1 = the first failure). */
    public Decision afterFailures(int consecutiveFailures, Instant now) {
        if (consecutiveFailures >= pauseAfter) {
            return new Decision(true, null, null);
        }
        Duration delay = delays.get(Math.min(Math.max(consecutiveFailures, 1), delays.size()) - 1);
        return new Decision(false, delay, now.plus(delay));
    }

    /** @param retryAt null when paused */
    public record Decision(boolean pause, Duration delay, Instant retryAt) {
    }

    /**
     * The next attempt: the earlier of the pending retry and the next regular tick (a retry never
     * postpones the regular schedule, and a regular tick that comes first serves as the retry).
     */
    public static Optional<Instant> nextAttempt(CronSchedule schedule, ServiceState state,
            Instant now) {
        return nextAttempt(schedule.nextAfter(now), state.nextRetryAt(), state.paused());
    }

    public static Optional<Instant> nextAttempt(Optional<Instant> nextTick, Instant retryAt, boolean paused) {
        if (paused) {
            return Optional.empty();
        }
        if (retryAt == null) {
            return nextTick;
        }
        return Optional.of(nextTick.filter(tick -> tick.isBefore(retryAt)).orElse(retryAt));
    }
}
