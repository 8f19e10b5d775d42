package dev.neo4jbackup.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try a delivery again, as a pure function of the attempt and how it ended: a network failure, a
 * timeout, 408, 425, 429 or a 5xx is tried again after {@code first}, then twice as long each time up to
 * {@code max}, for {@code retries} more attempts; any other answer is final (a 4xx will not get better:
 * a wrong URL or a revoked token).
 */
record Backoff(int retries, Duration first, Duration max) {

    /** An attempt's end: the HTTP status, or {@link #NO_ANSWER} (refused, reset, timed out). */
    static final int NO_ANSWER = -1;

    static Backoff standard(int retries) {
        return new Backoff(retries, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    static boolean delivered(int status) {
        return status >= 200 && status < 300;
    }

    static boolean retryable(int status) {
        return status == NO_ANSWER || status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /**
     * @param attempt the attempt that just ended, 1 for the first
     * @return the pause before the next attempt, or empty: delivered, final, or out of attempts
     */
    Optional<Duration> next(int attempt, int status) {
        if (delivered(status) || !retryable(status) || attempt > retries) {
            return Optional.empty();
        }
        Duration pause = first;
        for (int i = 1; i < attempt && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return Optional.of(pause.compareTo(max) > 0 ? max : pause);
    }
}
