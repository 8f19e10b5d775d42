package dev.neo4jbackup.offsite;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When an upload is tried again, as pure functions: within one attempt of the queue, a short doubling pause
 * between tries (a blip of the store); between attempts of the queue, the configured delays in turn, the last
 * one repeating (a store that is down for hours).
 */
final class UploadBackoff {

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private UploadBackoff() {
    }

    /** The pause after the {@code tryNumber}-th try (1-based) of one attempt: 1 s, 2 s, 4 s ... at most 30 s. */
    static Duration pauseAfterTry(int tryNumber) {
        if (tryNumber < 1) {
            return Duration.ZERO;
        }
        long seconds = FIRST_PAUSE.getSeconds() << Math.min(tryNumber - 1, 20);
        return Duration.ofSeconds(Math.min(seconds, MAX_PAUSE.getSeconds()));
    }

    /** The next attempt of the queue after {@code failedAttempts} attempts failed (1-based). */
    static Instant nextAttempt(Instant now, int failedAttempts, List<Duration> delays) {
        int index = Math.max(0, Math.min(failedAttempts - 1, delays.size() - 1));
        return now.plus(delays.get(index));
    }
}
