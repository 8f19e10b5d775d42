package dev.neo4jbackup.retention;

import static dev.neo4jbackup.retention.Timeline.at;
import static dev.neo4jbackup.retention.Timeline.backup;
import static dev.neo4jbackup.retention.Timeline.backups;
import static dev.neo4jbackup.retention.Timeline.concat;
import static dev.neo4jbackup.retention.Timeline.daily;
import static dev.neo4jbackup.retention.Timeline.every;
import static dev.neo4jbackup.retention.Timeline.failed;
import static dev.neo4jbackup.retention.Timeline.hourly;
import static dev.neo4jbackup.retention.Timeline.id;
import static dev.neo4jbackup.retention.Timeline.ids;
import static dev.neo4jbackup.retention.Timeline.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many policies over fixed synthetic timelines (restic's way of testing forget): the expected kept list,
 * the reasons where they matter, and the invariants on every case.
 */
class RetentionPlannerTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final RetentionPolicy GFS = policy(0, 7, 4, 3); // the defaults: daily 7, weekly 4, monthly 3

    /** One row of the table. {@code reasons} checks some kept backups' reasons exactly. */
    record Case(String name, List<Candidate> backups, Instant now, RetentionPolicy policy, ZoneId zone,
            List<String> kept, Map<String, String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case row(String name, List<Candidate> backups, String now, RetentionPolicy policy, ZoneId zone,
            List<String> kept, String... reasons) {
        Map<String, String> why = new LinkedHashMap<>();
        for (int i = 0; i < reasons.length; i += 2) {
            why.put(id(reasons[i]), reasons[i + 1]);
        }
        return new Case(name, backups, at(now), policy, zone, kept, why);
    }

    static Stream<Case> table() {
        return Stream.of(
                // The retention contract: BACKUP_RETENTION_DAYS=7, 10 daily backups -> 7 remain, 3 oldest go. Its
                // dates (2025-12-18..27, a Saturday) satisfy it with the weekly and monthly defaults on too.
                row("retention contract: 10 daily, GFS defaults", daily("2025-12-18T02:00", 10), "2025-12-27T02:02", GFS, UTC,
                        ids("2025-12-27T02:00", "2025-12-26T02:00", "2025-12-25T02:00", "2025-12-24T02:00",
                                "2025-12-23T02:00", "2025-12-22T02:00", "2025-12-21T02:00"),
                        "2025-12-27T02:00", "daily 1/7, weekly 1/4, monthly 1/3",
                        "2025-12-26T02:00", "daily 2/7",
                        "2025-12-21T02:00", "daily 7/7, weekly 2/4"),
                // ...but when the oldest three include the last backup of an older ISO week, weekly keeps it.
                row("10 daily ending on a Tuesday: weekly keeps an 8th", daily("2025-12-21T02:00", 10),
                        "2025-12-30T03:00", GFS, UTC,
                        ids("2025-12-30T02:00", "2025-12-29T02:00", "2025-12-28T02:00", "2025-12-27T02:00",
                                "2025-12-26T02:00", "2025-12-25T02:00", "2025-12-24T02:00", "2025-12-21T02:00"),
                        "2025-12-21T02:00", "weekly 3/4"),
                row("several backups a day: newest of each day counts",
                        every(Duration.ofHours(8), "2026-03-01T02:00", 12), "2026-03-04T20:00", policy(0, 2, 0, 0), UTC,
                        ids("2026-03-04T18:00", "2026-03-03T18:00"),
                        "2026-03-04T18:00", "daily 1/2", "2026-03-03T18:00", "daily 2/2"),
                row("gaps: only days that have a backup count",
                        backups("2026-05-01T02:00", "2026-05-02T02:00", "2026-05-05T02:00", "2026-05-10T02:00",
                                "2026-05-20T02:00"),
                        "2026-05-20T03:00", policy(0, 3, 0, 0), UTC,
                        ids("2026-05-20T02:00", "2026-05-10T02:00", "2026-05-05T02:00"),
                        "2026-05-05T02:00", "daily 3/3"),
                // 2026-12-28 (Mon) .. 2027-01-03 (Sun) is 2026-W53; 2027-01-04 is 2027-W01.
                row("every 15 minutes, keep-hourly 2: newest of each hour counts",
                        every(Duration.ofMinutes(15), "2026-03-01T00:00", 12), "2026-03-01T03:00", hourly(2, 0), UTC,
                        ids("2026-03-01T02:45", "2026-03-01T01:45"),
                        "2026-03-01T02:45", "hourly 1/2", "2026-03-01T01:45", "hourly 2/2"),
                row("hourly gaps: only hours that have a backup count",
                        backups("2026-03-01T10:10", "2026-03-01T11:50", "2026-03-01T14:20", "2026-03-01T14:40",
                                "2026-03-01T18:05"),
                        "2026-03-01T18:30", hourly(3, 0), UTC,
                        ids("2026-03-01T18:05", "2026-03-01T14:40", "2026-03-01T11:50"),
                        "2026-03-01T11:50", "hourly 3/3"),
                // the RPO-15-minutes set: two days every 15 min, the last 24 hours hourly and 7 days daily
                row("every 15 minutes, hourly 24 OR daily 7",
                        every(Duration.ofMinutes(15), "2026-03-01T00:00", 192), "2026-03-03T00:00", hourly(24, 7),
                        UTC, concat(every(Duration.ofHours(1), "2026-03-02T00:45", 24),
                                backups("2026-03-01T23:45")).stream().map(Candidate::id).toList(),
                        "2026-03-02T23:45", "hourly 1/24, daily 1/7", "2026-03-02T00:45", "hourly 24/24",
                        "2026-03-01T23:45", "daily 2/7"),
                // summer time ends in Berlin at 01:00 UTC: 00:30 and 01:30 UTC are both 02:30 local
                row("hours in UTC across Berlin's end of summer time",
                        backups("2026-10-25T00:30", "2026-10-25T01:30", "2026-10-25T02:30"), "2026-10-25T03:00",
                        hourly(3, 0), UTC, ids("2026-10-25T02:30", "2026-10-25T01:30", "2026-10-25T00:30")),
                row("hours in Europe/Berlin: the repeated 02:00 hour is one hour, as for restic",
                        backups("2026-10-25T00:30", "2026-10-25T01:30", "2026-10-25T02:30"), "2026-10-25T03:00",
                        hourly(3, 0), BERLIN, ids("2026-10-25T02:30", "2026-10-25T01:30"),
                        "2026-10-25T02:30", "hourly 1/3", "2026-10-25T01:30", "hourly 2/3"),
                // +05:30: 10:15 and 10:45 UTC are 15:45 and 16:15 local, two hours there, one hour in UTC
                row("hours in UTC: 10:15 and 10:45 are one hour", backups("2026-03-01T10:15", "2026-03-01T10:45"),
                        "2026-03-01T11:00", hourly(2, 0), UTC, ids("2026-03-01T10:45"),
                        "2026-03-01T10:45", "hourly 1/2"),
                row("hours in Asia/Kolkata: the same two are two hours", backups("2026-03-01T10:15",
                        "2026-03-01T10:45"), "2026-03-01T11:00", hourly(2, 0), KOLKATA,
                        ids("2026-03-01T10:45", "2026-03-01T10:15"), "2026-03-01T10:15", "hourly 2/2"),
                row("ISO week 53 of 2026 across the new year", daily("2026-12-28T02:00", 8), "2027-01-04T03:00",
                        policy(0, 0, 3, 0), UTC,
                        ids("2027-01-04T02:00", "2027-01-03T02:00"),
                        "2027-01-04T02:00", "weekly 1/3", "2027-01-03T02:00", "weekly 2/3"),
                row("ISO week 53 of 2020 across the new year", daily("2020-12-21T02:00", 15), "2021-01-04T03:00",
                        policy(0, 0, 4, 0), UTC,
                        ids("2021-01-04T02:00", "2021-01-03T02:00", "2020-12-27T02:00"),
                        "2021-01-03T02:00", "weekly 2/4", "2020-12-27T02:00", "weekly 3/4"),
                row("monthly over a leap February", daily("2024-01-25T02:00", 41), "2024-03-05T03:00",
                        policy(0, 0, 0, 3), UTC,
                        ids("2024-03-05T02:00", "2024-02-29T02:00", "2024-01-31T02:00"),
                        "2024-02-29T02:00", "monthly 2/3", "2024-01-31T02:00", "monthly 3/3"),
                row("monthly over a short February and a 30-day April",
                        daily("2025-01-29T02:00", 95), "2025-05-04T03:00", policy(0, 0, 0, 4), UTC,
                        ids("2025-05-03T02:00", "2025-04-30T02:00", "2025-03-31T02:00", "2025-02-28T02:00"),
                        "2025-02-28T02:00", "monthly 4/4"),
                // 14:30 UTC is 23:30 in Tokyo (same date); 23:30 UTC is 08:30 the NEXT day in Tokyo.
                row("days in UTC", tokyoTimeline(), "2026-03-03T00:00", policy(0, 2, 0, 0), UTC,
                        ids("2026-03-02T23:30", "2026-03-01T23:30")),
                row("days in Asia/Tokyo", tokyoTimeline(), "2026-03-03T00:00", policy(0, 2, 0, 0), TOKYO,
                        ids("2026-03-02T23:30", "2026-03-02T14:30"),
                        "2026-03-02T23:30", "daily 1/2", "2026-03-02T14:30", "daily 2/2"),
                row("months in Asia/Tokyo: 31 March 23:30 UTC is April",
                        backups("2026-03-30T02:00", "2026-03-31T02:00", "2026-03-31T23:30"), "2026-04-01T00:00",
                        policy(0, 0, 0, 2), TOKYO,
                        ids("2026-03-31T23:30", "2026-03-31T02:00"),
                        "2026-03-31T23:30", "monthly 1/2", "2026-03-31T02:00", "monthly 2/2"),
                row("min-keep tops up with the newest otherwise dropped", daily("2026-02-01T02:00", 6),
                        "2026-02-06T03:00", new RetentionPolicy(1, 0, 0, 0, null, 3, Duration.ofDays(7)), UTC,
                        ids("2026-02-06T02:00", "2026-02-05T02:00", "2026-02-04T02:00"),
                        "2026-02-06T02:00", "last 1/1", "2026-02-05T02:00", "min-keep",
                        "2026-02-04T02:00", "min-keep"),
                row("min-keep above what exists keeps all", daily("2026-02-01T02:00", 2), "2026-02-03T03:00",
                        new RetentionPolicy(1, 0, 0, 0, null, 5, Duration.ofDays(7)), UTC,
                        ids("2026-02-02T02:00", "2026-02-01T02:00")),
                row("failed newest: never counts, the newest valid stays",
                        concat(daily("2026-06-01T02:00", 6), List.of(failed("2026-06-07T02:00"))),
                        "2026-06-07T03:00", policy(0, 3, 0, 0), UTC,
                        ids("2026-06-06T02:00", "2026-06-05T02:00", "2026-06-04T02:00"),
                        "2026-06-06T02:00", "daily 1/3", "2026-06-04T02:00", "daily 3/3"),
                row("failed in the middle does not use up a day",
                        List.of(backup("2026-06-01T02:00"), backup("2026-06-02T02:00"), failed("2026-06-03T02:00"),
                                backup("2026-06-04T02:00")),
                        "2026-06-04T03:00", policy(0, 3, 0, 0), UTC,
                        ids("2026-06-04T02:00", "2026-06-02T02:00", "2026-06-01T02:00")),
                row("only failed backups: all go", List.of(failed("2026-06-01T02:00"), failed("2026-06-02T02:00")),
                        "2026-06-02T03:00", GFS, UTC, List.of()),
                row("keep-last 1 alone: single-backup retention", daily("2026-01-01T02:00", 5),
                        "2026-01-05T03:00", RetentionPolicy.single(), UTC, ids("2026-01-05T02:00"),
                        "2026-01-05T02:00", "last 1/1"),
                row("keep-within 36h: everything younger", every(Duration.ofHours(12), "2026-01-01T00:00", 8),
                        "2026-01-04T13:00", new RetentionPolicy(0, 0, 0, 0, Duration.ofHours(36), 1, Duration.ZERO),
                        UTC, ids("2026-01-04T12:00", "2026-01-04T00:00", "2026-01-03T12:00"),
                        "2026-01-03T12:00", "within 36h"),
                row("keep-within nothing young: the newest valid stays anyway", daily("2026-01-01T02:00", 3),
                        "2026-02-01T00:00", new RetentionPolicy(0, 0, 0, 0, Duration.ofDays(7), 1, Duration.ZERO),
                        UTC, ids("2026-01-03T02:00"), "2026-01-03T02:00", "newest valid"),
                row("no rule at all: nothing is pruned", daily("2026-01-01T02:00", 3), "2026-01-04T00:00",
                        policy(0, 0, 0, 0), UTC, ids("2026-01-03T02:00", "2026-01-02T02:00", "2026-01-01T02:00"),
                        "2026-01-01T02:00", RetentionPlanner.NO_POLICY),
                row("rules are OR-ed: last 2 plus monthly 2",
                        concat(daily("2026-01-30T02:00", 3), daily("2026-02-20T02:00", 3)), "2026-02-22T03:00",
                        policy(2, 0, 0, 2), UTC,
                        ids("2026-02-22T02:00", "2026-02-21T02:00", "2026-01-31T02:00"),
                        "2026-02-22T02:00", "last 1/2, monthly 1/2", "2026-01-31T02:00", "monthly 2/2"),
                row("per database: system and neo4j each keep their own",
                        List.of(backup("neo4j", "2026-01-01T02:00", true), backup("neo4j", "2026-01-02T02:00", true),
                                backup("system", "2026-01-01T02:00", true),
                                backup("system", "2026-01-02T02:00", false)),
                        "2026-01-02T03:00", RetentionPolicy.single(), UTC,
                        List.of(id("2026-01-02T02:00"), "system-20260101-020000")));
    }

    /** 14:30 and 23:30 UTC on 1 and 2 March 2026. */
    static List<Candidate> tokyoTimeline() {
        return backups("2026-03-01T14:30", "2026-03-01T23:30", "2026-03-02T14:30", "2026-03-02T23:30");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void keepsExactlyTheExpectedBackupsWithTheirReasons(Case c) {
        List<Candidate> shuffled = new ArrayList<>(c.backups());
        Collections.shuffle(shuffled, new java.util.Random(c.name().hashCode())); // order of input must not matter

        RetentionPlan plan = RetentionPlanner.plan(shuffled, c.now(), c.policy(), c.zone());

        assertThat(plan.keptIds()).containsExactlyInAnyOrderElementsOf(c.kept());
        c.reasons().forEach((id, why) -> assertThat(plan.find(id).orElseThrow().why()).as(id).isEqualTo(why));
        assertInvariants(c.backups(), plan);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theSameHoldsWithExpiryComputed(Case c) {
        RetentionPlan plain = RetentionPlanner.plan(c.backups(), c.now(), c.policy(), c.zone());
        RetentionPlan timed = RetentionPlanner.plan(c.backups(), c.now(), c.policy(), c.zone(),
                t -> t.plus(Duration.ofDays(1)));

        assertThat(timed.keptIds()).isEqualTo(plain.keptIds());
        for (Decision kept : timed.kept()) {
            if (kept.expires() != null) {
                assertThat(kept.expires()).as(kept.id()).isAfter(c.now());
            }
        }
        assertInvariants(c.backups(), timed);
    }

    /** The retention contract (10 daily backups -> 7 remain) for every weekday the newest backup can fall on, with days as the only rule. */
    @ParameterizedTest(name = "newest on 2025-12-{0}")
    @ValueSource(ints = {22, 23, 24, 25, 26, 27, 28})
    void tenDailyBackupsWithSevenDaysKeptLeaveTheSevenNewest(int lastDay) {
        List<Candidate> ten = daily(String.format("2025-12-%02dT02:00", lastDay - 9), 10);

        RetentionPlan plan = RetentionPlanner.plan(ten, at(String.format("2025-12-%02dT02:05", lastDay)),
                RetentionPolicy.daily(7), UTC);

        assertThat(plan.keptIds()).containsExactlyElementsOf(ten.subList(3, 10).stream().map(Candidate::id)
                .sorted(java.util.Comparator.reverseOrder()).toList());
        assertThat(plan.droppedIds()).containsExactlyInAnyOrderElementsOf(
                ten.subList(0, 3).stream().map(Candidate::id).toList());
        assertThat(plan.bytesFreed()).isEqualTo(100 + 200 + 300);
        assertInvariants(ten, plan);
    }

    static void assertInvariants(List<Candidate> backups, RetentionPlan plan) {
        Set<String> all = backups.stream().map(Candidate::id).collect(Collectors.toSet());
        Set<String> kept = new HashSet<>(plan.keptIds());
        Set<String> dropped = new HashSet<>(plan.droppedIds());
        assertThat(plan.decisions()).as("one decision per backup").hasSize(backups.size());
        assertThat(kept.stream().filter(dropped::contains)).as("kept and dropped are disjoint").isEmpty();
        Set<String> union = new HashSet<>(kept);
        union.addAll(dropped);
        assertThat(union).as("kept + dropped = all").isEqualTo(all);
        for (Decision decision : plan.decisions()) {
            assertThat(decision.reasons()).as("reasons of " + decision.id()).isNotEmpty();
            if (!decision.backup().valid()) {
                assertThat(decision.keep()).as("invalid never kept: " + decision.id()).isFalse();
            }
        }
        Map<String, List<Candidate>> byDatabase = backups.stream()
                .collect(Collectors.groupingBy(Candidate::database));
        byDatabase.forEach((database, list) -> {
            List<Candidate> valid = list.stream().filter(Candidate::valid)
                    .sorted(java.util.Comparator.comparing(Candidate::created).reversed()).toList();
            if (!valid.isEmpty()) {
                assertThat(kept).as("newest valid of " + database).contains(valid.get(0).id());
            }
            long keptValid = valid.stream().filter(b -> kept.contains(b.id())).count();
            assertThat(keptValid).as("min-keep for " + database)
                    .isGreaterThanOrEqualTo(Math.min(plan.policy().minKeep(), valid.size()));
        });
        assertThat(plan.bytesFreed()).isEqualTo(backups.stream().filter(b -> dropped.contains(b.id()))
                .mapToLong(Candidate::bytes).sum());
    }
}
