package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.neo4jbackup.config.ConfigInvalidException;

class CronScheduleTest {

    static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * * *           | 2026-11-25T21:00:00Z | 2026-11-26T02:00:00Z
            0 2 * * *           | 2026-11-25T01:59:59Z | 2026-11-25T02:00:00Z
            */15 * * * *        | 2026-11-25T21:07:00Z | 2026-11-25T21:15:00Z
            0 3 * * 1-5         | 2026-11-27T04:00:00Z | 2026-11-30T03:00:00Z
            30 0 2 * * *        | 2026-11-25T21:00:00Z | 2026-11-26T02:00:30Z
            0 0 2 * * MON       | 2026-11-25T21:00:00Z | 2026-11-30T02:00:00Z
            0 0 2 ? * MON       | 2026-11-25T21:00:00Z | 2026-11-30T02:00:00Z
            0 0 2 L * ?         | 2026-11-25T21:00:00Z | 2026-11-30T02:00:00Z
            0 0 2 1 * ? 2027    | 2026-11-25T21:00:00Z | 2027-01-01T02:00:00Z
            @daily              | 2026-11-25T21:00:00Z | 2026-11-26T00:00:00Z
            @midnight           | 2026-11-25T21:00:00Z | 2026-11-26T00:00:00Z
            @hourly             | 2026-11-25T21:00:00Z | 2026-11-25T22:00:00Z
            @weekly             | 2026-11-25T21:00:00Z | 2026-11-29T00:00:00Z
            @monthly            | 2026-11-25T21:00:00Z | 2026-12-01T00:00:00Z
            @YEARLY             | 2026-11-25T21:00:00Z | 2027-01-01T00:00:00Z
            """)
    void nextRunForEachSyntax(String expression, String after, String expected) {
        CronSchedule schedule = CronSchedule.parse(expression, UTC, Instant.parse(after));

        assertThat(schedule.nextAfter(Instant.parse(after))).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * * *  | Europe/Berlin    | 2026-11-25T12:00:00Z | 2026-11-26T01:00:00Z
            0 2 * * *  | Europe/Berlin    | 2026-06-25T12:00:00Z | 2026-06-26T00:00:00Z
            0 2 * * *  | Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-25T00:00:00Z
            0 2 * * *  | Europe/Berlin    | 2026-10-25T12:00:00Z | 2026-10-26T01:00:00Z
            0 12 * * * | America/New_York | 2027-03-13T18:00:00Z | 2027-03-14T16:00:00Z
            """)
    void nextRunAcrossDaylightSavingChangesIsTheLocalWallClockTime(String expression, String zone, String after,
            String expected) {
        CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zone), Instant.parse(after));

        assertThat(schedule.nextAfter(Instant.parse(after))).contains(Instant.parse(expected));
    }

    @Test
    void aTimeSkippedByTheSpringForwardRunsShiftedByTheGapAndTheNextDayIsNormal() {
        // Europe/Berlin jumps from 02:00 to 03:00 on 2027-03-28: 02:30 does not exist that day
        CronSchedule schedule = CronSchedule.parse("30 2 * * *", ZoneId.of("Europe/Berlin"),
                Instant.parse("2027-03-27T12:00:00Z"));

        Instant first = schedule.nextAfter(Instant.parse("2027-03-27T12:00:00Z")).orElseThrow();
        Instant second = schedule.nextAfter(first).orElseThrow();

        assertThat(first).isEqualTo(Instant.parse("2027-03-28T01:30:00Z")); // 03:30 CEST
        assertThat(second).isEqualTo(Instant.parse("2027-03-29T00:30:00Z"));
    }

    @Test
    void aTimeRepeatedByTheFallBackRunsOnce() {
        // Europe/Berlin repeats 02:00-03:00 on 2026-10-25: 02:30 CEST (00:30Z), then 02:30 CET (01:30Z)
        CronSchedule schedule = CronSchedule.parse("30 2 * * *", ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-10-24T12:00:00Z"));

        Instant first = schedule.nextAfter(Instant.parse("2026-10-24T12:00:00Z")).orElseThrow();
        Instant second = schedule.nextAfter(first).orElseThrow();

        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(second).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(schedule.nextAfter(Instant.parse("2026-10-25T01:10:00Z")))
                .contains(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void describesTheScheduleInWordsWithItsZone() {
        CronSchedule daily = CronSchedule.parse("0 2 * * *", UTC, Instant.parse("2026-11-25T00:00:00Z"));
        CronSchedule berlin = CronSchedule.parse("@daily", ZoneId.of("Europe/Berlin"), Instant.parse("2026-11-25T00:00:00Z"));

        assertThat(daily.description()).isEqualTo("every day at 02:00 UTC");
        assertThat(berlin.description()).endsWith("Europe/Berlin");
        assertThat(daily.intervalAfter(Instant.parse("2026-11-25T00:00:00Z"))).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 2 * *            | 5 fields
            0 2 * * * * * *    | 5 fields
            61 2 * * *         | not a valid Unix
            0 25 * * *         | not a valid Unix
            @fortnightly       | unknown macro
            0 0 30 2 *         | never fires
            0 0 2 1 1 ? 2020   | never fires
            """)
    void badExpressionsAreRefusedWithThePropertyAndAnExample(String expression, String problem) {
        assertThatThrownBy(() -> CronSchedule.parse(expression, UTC, Instant.parse("2026-11-25T00:00:00Z")))
                .isInstanceOf(ConfigInvalidException.class)
                .hasMessageContaining("backup.schedule")
                .hasMessageContaining("BACKUP_SCHEDULE")
                .hasMessageContaining(problem)
                .hasMessageContaining("0 2 * * *");
    }
}
