package dev.neo4jbackup.retention;

import static dev.neo4jbackup.retention.Timeline.at;
import static dev.neo4jbackup.retention.Timeline.daily;
import static dev.neo4jbackup.retention.Timeline.id;
import static dev.neo4jbackup.retention.Timeline.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** When a kept backup will go if the schedule goes on, and which ones are "expiring soon" (the listing's "Expiring soon" line). */
class RetentionExpiryTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    /** The default schedule "0 2 * * *": every day at 02:00 in the zone. */
    static Function<Instant, Instant> dailyAt2(ZoneId zone) {
        return after -> {
            ZonedDateTime t = after.atZone(zone).with(LocalTime.of(2, 0));
            return (t.toInstant().isAfter(after) ? t : t.plusDays(1)).toInstant();
        };
    }

    @Test
    void withSevenDailyEachBackupExpiresAtTheSeventhRunAfterIt() {
        List<Candidate> week = daily("2025-12-21T02:00", 7);
        RetentionPolicy policy = new RetentionPolicy(0, 7, 0, 0, null, 1, Duration.ofDays(2));

        RetentionPlan plan = RetentionPlanner.plan(week, at("2025-12-27T02:05"), policy, UTC, dailyAt2(UTC));

        assertThat(plan.find(id("2025-12-21T02:00")).orElseThrow().expires()).isEqualTo(at("2025-12-28T02:00"));
        assertThat(plan.find(id("2025-12-27T02:00")).orElseThrow().expires()).isEqualTo(at("2026-01-03T02:00"));
        // "Expiring soon: ... (expires in 2 days)": within the next two days, soonest first
        assertThat(plan.expiringSoon()).extracting(Decision::id)
                .containsExactly(id("2025-12-21T02:00"), id("2025-12-22T02:00"));
    }

    @Test
    void aMonthlyKeptBackupLastsUntilThreeNewerMonthsHaveOne() {
        List<Candidate> history = daily("2025-11-01T02:00", 57); // 1 November .. 27 December
        RetentionPlan plan = RetentionPlanner.plan(history, at("2025-12-27T02:05"), policy(0, 7, 4, 3), UTC,
                dailyAt2(UTC));

        Decision november = plan.find(id("2025-11-30T02:00")).orElseThrow();
        assertThat(november.why()).isEqualTo("monthly 2/3");
        // weekly would drop it mid-December already; monthly keeps it until February's first backup
        assertThat(november.expires()).isEqualTo(at("2026-02-01T02:00"));
        Decision sunday = plan.find(id("2025-12-21T02:00")).orElseThrow();
        assertThat(sunday.why()).isEqualTo("daily 7/7, weekly 2/4");
        assertThat(sunday.expires()).isEqualTo(at("2026-01-12T02:00")); // four newer weeks: W01, W02, W03 start
    }

    @Test
    void keepLastOneMeansEveryBackupGoesAtTheNextRun() {
        RetentionPlan plan = RetentionPlanner.plan(daily("2026-01-01T02:00", 3), at("2026-01-03T02:05"),
                RetentionPolicy.single(), UTC, dailyAt2(UTC));

        assertThat(plan.kept()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id("2026-01-03T02:00"));
            assertThat(d.expires()).isEqualTo(at("2026-01-04T02:00"));
        });
        assertThat(plan.dropped()).allSatisfy(d -> assertThat(d.expires()).isEqualTo(at("2026-01-03T02:05")));
    }

    @Test
    void withoutAFutureRunNothingExpires() {
        RetentionPlan plan = RetentionPlanner.plan(daily("2026-01-01T02:00", 3), at("2026-01-03T02:05"),
                policy(0, 7, 0, 0), UTC, after -> null);

        assertThat(plan.kept()).hasSize(3).allSatisfy(d -> assertThat(d.expires()).isNull());
        assertThat(plan.expiringSoon()).isEmpty();
    }

    @Test
    void keepWithinExpiresAtTheFirstRunPastTheWindow() {
        RetentionPolicy within = new RetentionPolicy(0, 0, 0, 0, Duration.ofHours(36), 1, Duration.ofDays(1));
        RetentionPlan plan = RetentionPlanner.plan(daily("2026-01-01T02:00", 2), at("2026-01-02T02:05"), within,
                UTC, dailyAt2(UTC));

        // 1 Jan 02:00 is 36 h old at 2 Jan 14:00; the first run after that is 3 Jan 02:00
        assertThat(plan.find(id("2026-01-01T02:00")).orElseThrow().expires()).isEqualTo(at("2026-01-03T02:00"));
    }

    @Test
    void aMinutelyScheduleWithAYearOfKeepWithinStaysCheap() {
        RetentionPolicy year = new RetentionPolicy(0, 0, 0, 0, Duration.ofDays(365), 1, Duration.ofDays(7));
        java.util.concurrent.atomic.AtomicLong replayed = new java.util.concurrent.atomic.AtomicLong();

        RetentionPlan plan = RetentionPlanner.plan(daily("2026-01-01T02:00", 30), at("2026-01-30T03:00"), year,
                UTC, t -> {
                    replayed.incrementAndGet();
                    return t.plus(Duration.ofMinutes(1));
                });

        // the replay stops at its horizon: a year of minutely runs (525,600) is never simulated
        assertThat(replayed.get()).isLessThanOrEqualTo(RetentionPlanner.HORIZON_RUNS);
        assertThat(plan.kept()).hasSize(30).allSatisfy(d -> assertThat(d.expires()).isNull()); // beyond the horizon
    }
}
