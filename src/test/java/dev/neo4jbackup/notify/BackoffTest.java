package dev.neo4jbackup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry plan as a table: 3 retries, 1 s first, doubling, at most 3 s between attempts. */
class BackoffTest {

    static final Backoff PLAN = new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(3));

    @ParameterizedTest(name = "attempt {0} ended {1}: {2}")
    @CsvSource(textBlock = """
            1, 200, -
            1, 204, -
            1, -1,  1000
            2, -1,  2000
            3, -1,  3000
            4, -1,  -
            1, 500, 1000
            2, 503, 2000
            1, 429, 1000
            1, 408, 1000
            1, 425, 1000
            1, 400, -
            1, 401, -
            1, 404, -
            1, 410, -
            1, 301, -
            """)
    void next(int attempt, int status, String pauseMs) {
        var pause = PLAN.next(attempt, status);
        if (pauseMs.equals("-")) {
            assertThat(pause).isEmpty();
        } else {
            assertThat(pause).contains(Duration.ofMillis(Long.parseLong(pauseMs)));
        }
    }

    @ParameterizedTest(name = "{0} retries: {1} attempts in all")
    @CsvSource(textBlock = """
            0, 1
            1, 2
            3, 4
            """)
    void attemptsInAll(int retries, int attempts) {
        Backoff plan = new Backoff(retries, Duration.ofMillis(1), Duration.ofMillis(1));
        int attempt = 1;
        while (plan.next(attempt, Backoff.NO_ANSWER).isPresent()) {
            attempt++;
        }
        assertThat(attempt).isEqualTo(attempts);
    }
}
