package dev.neo4jbackup.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the graph held when it was backed up, read over Bolt before anything stopped. A restore is
 * checked against these numbers.
 */
public record GraphStats(
        long nodes,
        long relationships,
        Map<String, Long> labels,
        Map<String, Long> relationshipTypes,
        int indexes,
        int constraints) {

    /**
     * The label of the service's own {@code (:BackupMetadata)} nodes: never data, so left out of every count,
     * fingerprint and export.
     */
    public static final String METADATA_LABEL = "BackupMetadata";

    public GraphStats {
        labels = labels == null ? Map.of() : new TreeMap<>(labels);
        relationshipTypes = relationshipTypes == null ? Map.of() : new TreeMap<>(relationshipTypes);
    }

    public String summary() {
        return nodes + " nodes, " + relationships + " relationships, " + labels.size() + " labels, "
                + relationshipTypes.size() + " relationship types, " + indexes + " indexes, " + constraints
                + " constraints";
    }
}
