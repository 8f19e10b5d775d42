package dev.neo4jbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The upload's retry plan as tables: pauses between tries of one attempt, and the queue's next attempt. */
class UploadBackoffTest {

    @ParameterizedTest(name = "after try {0}: {1} s")
    @CsvSource(textBlock = """
            0, 0
            1, 1
            2, 2
            3, 4
            5, 16
            6, 30
            40, 30
            """)
    void pauseAfterTry(int tryNumber, long seconds) {
        assertThat(UploadBackoff.pauseAfterTry(tryNumber)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "{0} failed attempts: next in {1}")
    @CsvSource(textBlock = """
            1, PT1M
            2, PT5M
            3, PT30M
            4, PT1H
            9, PT1H
            0, PT1M
            """)
    void nextAttempt(int failed, String delay) {
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        List<Duration> delays = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(1));
        assertThat(UploadBackoff.nextAttempt(now, failed, delays)).isEqualTo(now.plus(Duration.parse(delay)));
    }
}
