package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    static final RetryPolicy DEFAULTS = new RetryPolicy(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(24)), 5);
    static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

    @ParameterizedTest(name = "failure {0}: {1}")
    @CsvSource(textBlock = """
            1, PT1M
            2, PT5M
            3, PT30M
            4, PT24H
            5, pause
            6, pause
            """)
    void defaultSequenceThenPause(int failures, String expected) {
        RetryPolicy.Decision decision = DEFAULTS.afterFailures(failures, NOW);

        if (expected.equals("pause")) {
            assertThat(decision.pause()).isTrue();
            assertThat(decision.retryAt()).isNull();
        } else {
            assertThat(decision.pause()).isFalse();
            assertThat(decision.delay()).isEqualTo(Duration.parse(expected));
            assertThat(decision.retryAt()).isEqualTo(NOW.plus(Duration.parse(expected)));
        }
    }

    @ParameterizedTest(name = "failure {0} with delays 10s,1m and pause after 10: {1}")
    @CsvSource(textBlock = """
            1, PT10S
            2, PT1M
            3, PT1M
            9, PT1M
            """)
    void theLastDelayRepeats(int failures, String expected) {
        RetryPolicy policy = new RetryPolicy(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), 10);

        assertThat(policy.afterFailures(failures, NOW).delay()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "tick {0}, retry {1}, paused {2} -> {3}")
    @CsvSource(textBlock = """
            2026-11-26T02:00:00Z, 2026-11-25T02:05:00Z, false, 2026-11-25T02:05:00Z
            2026-11-25T03:00:00Z, 2026-11-26T02:00:00Z, false, 2026-11-25T03:00:00Z
            2026-11-26T02:00:00Z,                     , false, 2026-11-26T02:00:00Z
            2026-11-26T02:00:00Z, 2026-11-25T02:05:00Z, true,
            """)
    void theEarlierOfRetryAndRegularTickWinsAndNothingWhilePaused(String tick, String retry, boolean paused,
            String expected) {
        Optional<Instant> next = RetryPolicy.nextAttempt(Optional.of(Instant.parse(tick)),
                retry == null ? null : Instant.parse(retry), paused);

        assertThat(next).isEqualTo(Optional.ofNullable(expected).map(Instant::parse));
    }
}
