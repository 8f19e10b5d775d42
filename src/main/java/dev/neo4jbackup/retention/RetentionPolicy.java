package dev.neo4jbackup.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * restic-style GFS rules; 0 (or a null/zero duration) turns a rule off. Rules are OR-ed: a backup stays
 * when any rule keeps it.
 *
 * @param keepLast     the n newest valid backups
 * @param keepHourly   the newest backup of each of the n newest clock hours that have one (frequent backups)
 * @param keepDaily    the newest backup of each of the n newest calendar days that have one
 * @param keepWeekly   the same per ISO week (Monday to Sunday, week-based year)
 * @param keepMonthly  the same per calendar month
 * @param keepWithin   every valid backup younger than this (relative to the plan's now)
 * @param minKeep      never fewer valid backups per database than this (at least 1)
 * @param expiringSoon a kept backup that expires within this is "expiring soon"
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly,
        Duration keepWithin, int minKeep, Duration expiringSoon) {

    public RetentionPolicy {
        if (keepLast < 0 || keepHourly < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new IllegalArgumentException("keep counts must not be negative");
        }
        if (keepWithin != null && (keepWithin.isNegative() || keepWithin.isZero())) {
            keepWithin = null;
        }
        if (minKeep < 1) {
            throw new IllegalArgumentException("min-keep must be 1 or more: pruning never deletes every backup");
        }
        if (expiringSoon == null || expiringSoon.isNegative()) {
            expiringSoon = Duration.ZERO;
        }
    }

    /** Without the hourly rule (the policy before frequent backups; its callers stay as they were). */
    public RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, Duration keepWithin,
            int minKeep, Duration expiringSoon) {
        this(keepLast, 0, keepDaily, keepWeekly, keepMonthly, keepWithin, minKeep, expiringSoon);
    }

    /** Only the rules that count per day, e.g. a strict "keep 7 days" with nothing else. */
    public static RetentionPolicy daily(int days) {
        return new RetentionPolicy(0, days, 0, 0, null, 1, Duration.ofDays(7));
    }

    /** Single-backup retention: only the most recent backup is kept. */
    public static RetentionPolicy single() {
        return new RetentionPolicy(1, 0, 0, 0, null, 1, Duration.ofDays(7));
    }

    /** No rule at all: nothing is pruned (restic refuses to forget with an empty policy, for the same reason). */
    public boolean isEmpty() {
        return keepLast == 0 && keepHourly == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0 && keepWithin == null;
    }

    /** For logs and the CLI: "last 1, hourly 24, daily 7, weekly 4, monthly 3, within 36h, min-keep 1". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (keepLast > 0) {
            parts.add("last " + keepLast);
        }
        if (keepHourly > 0) {
            parts.add("hourly " + keepHourly);
        }
        if (keepDaily > 0) {
            parts.add("daily " + keepDaily);
        }
        if (keepWeekly > 0) {
            parts.add("weekly " + keepWeekly);
        }
        if (keepMonthly > 0) {
            parts.add("monthly " + keepMonthly);
        }
        if (keepWithin != null) {
            parts.add("within " + format(keepWithin));
        }
        if (parts.isEmpty()) {
            parts.add("no rule (keep all)");
        }
        parts.add("min-keep " + minKeep);
        return String.join(", ", parts);
    }

    /** The largest whole unit: 7d, 36h, 90m, 45s. */
    static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
