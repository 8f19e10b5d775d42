package dev.neo4jbackup.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link RetentionPlanner#plan}: a decision for every backup given, grouped by database
 * (in name order), newest first within a database.
 */
public record RetentionPlan(Instant now, ZoneId zone, RetentionPolicy policy, List<Decision> decisions) {

    public RetentionPlan {
        decisions = List.copyOf(decisions);
    }

    public List<Decision> kept() {
        return decisions.stream().filter(Decision::keep).toList();
    }

    public List<Decision> dropped() {
        return decisions.stream().filter(d -> !d.keep()).toList();
    }

    public List<String> droppedIds() {
        return dropped().stream().map(Decision::id).toList();
    }

    public List<String> keptIds() {
        return kept().stream().map(Decision::id).toList();
    }

    public long bytesFreed() {
        return dropped().stream().mapToLong(d -> d.backup().bytes()).sum();
    }

    public List<String> databases() {
        return decisions.stream().map(d -> d.backup().database()).distinct().toList();
    }

    public RetentionPlan forDatabase(String database) {
        return new RetentionPlan(now, zone, policy,
                decisions.stream().filter(d -> d.backup().database().equals(database)).toList());
    }

    public Optional<Decision> find(String id) {
        return decisions.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Kept backups that the schedule will drop within {@code policy.expiringSoon()}, soonest first. */
    public List<Decision> expiringSoon() {
        Instant limit = now.plus(policy.expiringSoon());
        return kept().stream().filter(d -> d.expires() != null && !d.expires().isAfter(limit))
                .sorted(Comparator.comparing(Decision::expires)).toList();
    }
}
