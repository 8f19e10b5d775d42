package dev.neo4jbackup.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Synthetic backup timelines for retention tests: times are UTC, written "2025-12-27T02:00". */
final class Timeline {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Timeline() {
    }

    static Instant at(String utc) {
        return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
    }

    static String id(String database, Instant created) {
        return database + "-" + STAMP.format(LocalDateTime.ofInstant(created, ZoneOffset.UTC));
    }

    static String id(String utc) {
        return id("neo4j", at(utc));
    }

    static List<String> ids(String... utc) {
        return Arrays.stream(utc).map(Timeline::id).toList();
    }

    static Candidate backup(String utc) {
        return backup("neo4j", utc, true);
    }

    static Candidate failed(String utc) {
        return backup("neo4j", utc, false);
    }

    static Candidate backup(String database, String utc, boolean valid) {
        Instant created = at(utc);
        return new Candidate(id(database, created), database, created, valid, 100);
    }

    static List<Candidate> backups(String... utc) {
        return Arrays.stream(utc).map(Timeline::backup).toList();
    }

    /** {@code count} valid backups, one every {@code step}, the first at {@code first}. */
    static List<Candidate> every(Duration step, String first, int count) {
        List<Candidate> list = new ArrayList<>();
        Instant t = at(first);
        for (int i = 0; i < count; i++) {
            list.add(new Candidate(id("neo4j", t), "neo4j", t, true, 100L * (i + 1)));
            t = t.plus(step);
        }
        return list;
    }

    static List<Candidate> daily(String first, int count) {
        return every(Duration.ofDays(1), first, count);
    }

    @SafeVarargs
    static List<Candidate> concat(List<Candidate>... parts) {
        List<Candidate> all = new ArrayList<>();
        for (List<Candidate> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    static RetentionPolicy policy(int last, int daily, int weekly, int monthly) {
        return new RetentionPolicy(last, daily, weekly, monthly, null, 1, Duration.ofDays(7));
    }

    /** With the hourly rule: {@code hourly} hours beside {@code daily} days, nothing else. */
    static RetentionPolicy hourly(int hourly, int daily) {
        return new RetentionPolicy(0, hourly, daily, 0, 0, null, 1, Duration.ofDays(7));
    }
}
