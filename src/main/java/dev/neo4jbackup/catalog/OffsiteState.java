package dev.neo4jbackup.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The off-site part of {@code .state.json}: the copies still to be uploaded (the queue survives a restart, and
 * a local prune never deletes a backup in it: it is the only source of its off-site copy) and, per destination,
 * the last upload that succeeded.
 */
public record OffsiteState(List<Pending> queue, Map<String, Instant> lastSuccess) {

    public static final OffsiteState EMPTY = new OffsiteState(List.of(), Map.of());

    public OffsiteState {
        queue = queue == null ? List.of() : List.copyOf(queue.stream().filter(Objects::nonNull).toList());
        lastSuccess = lastSuccess == null ? Map.of() : new TreeMap<>(lastSuccess);
    }

    /**
     * One backup still to be copied to one destination.
     *
     * @param nextAttemptAt when the queue tries it again
     * @param lastError     the code and reason of the last failed attempt, or null before any
     */
    public record Pending(String destination, String id, int attempts, Instant queuedAt, Instant nextAttemptAt,
            String lastErrorCode, String lastError) {
    }

    public OffsiteState queued(Pending pending) {
        List<Pending> next = new ArrayList<>(without(pending.destination(), pending.id()).queue);
        next.add(pending);
        return new OffsiteState(next, lastSuccess);
    }

    public OffsiteState without(String destination, String id) {
        return new OffsiteState(queue.stream().filter(p -> !(p.destination().equals(destination)
                && p.id().equals(id))).toList(), lastSuccess);
    }

    public OffsiteState delivered(String destination, String id, Instant at) {
        Map<String, Instant> next = new TreeMap<>(lastSuccess);
        next.put(destination, at);
        return new OffsiteState(without(destination, id).queue, next);
    }

    /** The ids a local prune must keep: queued for some destination. */
    public Set<String> heldIds() {
        return queue.stream().map(Pending::id).collect(Collectors.toSet());
    }

    public List<Pending> queueOf(String destination) {
        return queue.stream().filter(p -> p.destination().equals(destination)).toList();
    }
}
