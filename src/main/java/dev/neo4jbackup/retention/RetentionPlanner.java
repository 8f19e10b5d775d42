package dev.neo4jbackup.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * GFS retention as a pure function, with the semantics of restic's {@code forget}: per database, the
 * newest backup of each clock hour / calendar day / ISO week / month counts for that rule (periods in the given zone),
 * each rule keeps its n newest periods that HAVE a backup (gaps do not use up the count), and rules are
 * OR-ed. Two guards no policy can turn off: the newest valid backup of a database is never dropped, and
 * a database never falls below {@code minKeep} valid backups. Failed or partial backups never count for a
 * rule and are always dropped.
 */
public final class RetentionPlanner {

    public static final String NEWEST_VALID = "newest valid";
    public static final String MIN_KEEP = "min-keep";
    public static final String NO_POLICY = "no policy (keep all)";

    /** The expiry simulation stops after this many future runs... */
    static final int HORIZON_RUNS = 20_000;
    /** ...or after this much work (backups looked at), so a minutely schedule with keep-within 1y stays cheap. */
    static final long WORK_LIMIT = 4_000_000;

    private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(Candidate::created)
            .thenComparing(Candidate::id).reversed();

    private RetentionPlanner() {
    }

    /** The plan without expiry times (kept backups get {@code expires == null}). */
    public static RetentionPlan plan(Collection<Candidate> candidates, Instant now, RetentionPolicy policy,
            ZoneId zone) {
        return plan(candidates, now, policy, zone, null);
    }

    /**
     * @param nextRun the schedule: the first run strictly after the given instant, or null when it never runs
     *                again; used to tell each kept backup when it will expire. May be null (no expiry).
     */
    public static RetentionPlan plan(Collection<Candidate> candidates, Instant now, RetentionPolicy policy,
            ZoneId zone, Function<Instant, Instant> nextRun) {
        Map<String, List<Candidate>> byDatabase = new TreeMap<>();
        for (Candidate candidate : candidates) {
            byDatabase.computeIfAbsent(candidate.database(), d -> new ArrayList<>()).add(candidate);
        }
        List<Decision> decisions = new ArrayList<>();
        for (List<Candidate> backups : byDatabase.values()) {
            List<Decision> database = decide(backups, now, policy, zone);
            decisions.addAll(nextRun == null ? database : withExpiry(database, now, policy, zone, nextRun));
        }
        return new RetentionPlan(now, zone, policy, decisions);
    }

    /** One database's decisions, newest first. */
    static List<Decision> decide(List<Candidate> backups, Instant now, RetentionPolicy policy, ZoneId zone) {
        List<Candidate> sorted = new ArrayList<>(backups);
        sorted.sort(NEWEST_FIRST);
        List<Candidate> valid = sorted.stream().filter(Candidate::valid).toList();
        Map<String, List<String>> reasons = new HashMap<>();
        for (Candidate backup : valid) {
            reasons.put(backup.id(), new ArrayList<>());
        }

        if (policy.isEmpty()) {
            valid.forEach(b -> reasons.get(b.id()).add(NO_POLICY));
        }
        for (int i = 0; i < Math.min(policy.keepLast(), valid.size()); i++) {
            reasons.get(valid.get(i).id()).add("last " + (i + 1) + "/" + policy.keepLast());
        }
        bucket(valid, reasons, "hourly", policy.keepHourly(), t -> localHour(t, zone));
        bucket(valid, reasons, "daily", policy.keepDaily(), t -> LocalDate.ofInstant(t, zone));
        bucket(valid, reasons, "weekly", policy.keepWeekly(), t -> isoWeek(t, zone));
        bucket(valid, reasons, "monthly", policy.keepMonthly(), t -> YearMonth.from(t.atZone(zone)));
        if (policy.keepWithin() != null) {
            Instant since = now.minus(policy.keepWithin());
            String reason = "within " + RetentionPolicy.format(policy.keepWithin());
            valid.stream().filter(b -> b.created().isAfter(since)).forEach(b -> reasons.get(b.id()).add(reason));
        }

        // The guards: whatever the rules say.
        if (!valid.isEmpty() && reasons.get(valid.get(0).id()).isEmpty()) {
            reasons.get(valid.get(0).id()).add(NEWEST_VALID);
        }
        long kept = valid.stream().filter(b -> !reasons.get(b.id()).isEmpty()).count();
        for (Candidate backup : valid) {
            if (kept >= policy.minKeep()) {
                break;
            }
            List<String> why = reasons.get(backup.id());
            if (why.isEmpty()) {
                why.add(MIN_KEEP);
                kept++;
            }
        }

        List<Decision> decisions = new ArrayList<>(sorted.size());
        for (Candidate backup : sorted) {
            if (!backup.valid()) {
                decisions.add(new Decision(backup, false, List.of(Decision.INVALID), now));
            } else if (reasons.get(backup.id()).isEmpty()) {
                decisions.add(new Decision(backup, false, List.of(Decision.NO_RULE), now));
            } else {
                decisions.add(new Decision(backup, true, reasons.get(backup.id()), null));
            }
        }
        return decisions;
    }

    /** restic's bucket rule: walking newest first, the first backup of each new period counts, n periods. */
    private static void bucket(List<Candidate> valid, Map<String, List<String>> reasons, String name, int n,
            Function<Instant, Object> period) {
        int count = 0;
        Object last = null;
        for (Candidate backup : valid) {
            if (count >= n) {
                return;
            }
            Object key = period.apply(backup.created());
            if (!key.equals(last)) {
                last = key;
                count++;
                reasons.get(backup.id()).add(name + " " + count + "/" + n);
            }
        }
    }

    /**
     * The local date and hour, as restic labels an hour ({@code 2026-10-25 02}): where summer time ends, the
     * two clock hours 02:00-03:00 are one hour for this rule, as for restic.
     */
    private static Object localHour(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.HOURS);
    }

    /** The ISO week with its week-based year: 2026-12-31 is in 2026-W53, 2027-01-03 too. */
    private static Object isoWeek(Instant at, ZoneId zone) {
        ZonedDateTime time = at.atZone(zone);
        return time.get(IsoFields.WEEK_BASED_YEAR) * 100 + time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    /**
     * When each kept backup goes: replay the schedule, adding one valid backup per run and pruning as the
     * service would, until every kept backup of today has been dropped (or the horizon is reached).
     */
    static List<Decision> withExpiry(List<Decision> decisions, Instant now, RetentionPolicy policy, ZoneId zone,
            Function<Instant, Instant> nextRun) {
        Map<String, Instant> expires = new HashMap<>();
        List<Candidate> alive = new ArrayList<>();
        Set<String> pending = new LinkedHashSet<>();
        for (Decision decision : decisions) {
            if (decision.keep()) {
                alive.add(decision.backup());
                pending.add(decision.id());
            }
        }
        if (policy.isEmpty() || alive.isEmpty()) {
            return decisions;
        }
        String database = alive.get(0).database();
        Instant time = now;
        long work = 0;
        for (int run = 0; run < HORIZON_RUNS && !pending.isEmpty() && work < WORK_LIMIT; run++) {
            Instant next = nextRun.apply(time);
            if (next == null || !next.isAfter(time)) {
                break;
            }
            time = next;
            // A NUL in the id cannot clash with a real backup id.
            alive.add(new Candidate("\u0000scheduled-" + run, database, time, true, 0));
            List<Candidate> survivors = new ArrayList<>(alive.size());
            for (Decision step : decide(alive, time, policy, zone)) {
                if (step.keep()) {
                    survivors.add(step.backup());
                } else if (pending.remove(step.id())) {
                    expires.put(step.id(), time);
                }
            }
            work += alive.size();
            alive = survivors;
        }
        List<Decision> result = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            result.add(decision.keep() ? decision.withExpires(expires.get(decision.id())) : decision);
        }
        return result;
    }
}
