package dev.neo4jbackup.offsite;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.catalog.StateStore;

/** Each destination's state for the status, the API and the meters: where, the last delivery, what is queued. */
final class OffsiteStatus {

    private final Targets targets;
    private final StateStore state;

    OffsiteStatus(Targets targets, StateStore state) {
        this.targets = targets;
        this.state = state;
    }

    Optional<Instant> lastSuccess(String destination) {
        return Optional.ofNullable(state.read().offsiteOrEmpty().lastSuccess().get(destination));
    }

    /** Per destination: {@code s3://bucket/prefix/, last copy <when>, queued <n> (<id>: <error>; ...)}. */
    Map<String, String> summary() {
        OffsiteState offsite = state.read().offsiteOrEmpty();
        Map<String, String> lines = new LinkedHashMap<>();
        for (Target target : targets.all()) {
            List<OffsiteState.Pending> queued = offsite.queueOf(target.name());
            Instant last = offsite.lastSuccess().get(target.name());
            String line = target.store().address(target.prefix() + "/") + ", last copy "
                    + (last == null ? "never" : last.toString()) + ", queued " + queued.size();
            if (!queued.isEmpty()) {
                line += " (" + queued.stream().map(p -> p.id() + (p.lastErrorCode() == null ? "" : ": "
                        + p.lastErrorCode() + " " + p.lastError())).collect(Collectors.joining("; ")) + ")";
            }
            lines.put(target.name(), line);
        }
        return lines;
    }
}
