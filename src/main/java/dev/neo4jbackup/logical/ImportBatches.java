package dev.neo4jbackup.logical;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.neo4j.driver.Session;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.neo4j.CypherNames;

/**
 * The import's writes: batches by label set (nodes) and by type (relationships), written when they reach the
 * batch's rows or bytes ({@link ImportBudget}), whichever comes first. Every name of the file is a parameter
 * ({@code $($labels)}, {@code $($type)}, the property maps), but in the two merges 5.26 cannot plan well with a
 * parameter, where the name goes through the one quoting function: the merge by a uniqueness constraint's key
 * (a MERGE on {@code $(...)} plans an AllNodesScan instead of the constraint's index) and the merge of
 * relationships ({@link RelationshipMerge}); measured on 5.26. Both modes find a relationship's nodes by the
 * temporary id ({@value LogicalImporter#IMPORT_ID}) under the temporary label and its index.
 */
final class ImportBatches {

    private static final String IMPORT_LABEL = LogicalImporter.IMPORT_LABEL;
    private static final String IMPORT_ID = LogicalImporter.IMPORT_ID;
    private static final String MERGE_KEY = LogicalImporter.MERGE_KEY;

    private static final String CREATE_NODES = "UNWIND $rows AS row CREATE (n:" + IMPORT_LABEL + ":$($labels) {"
            + IMPORT_ID + ": row.id}) SET n += row.props";
    /** A node of a label without a uniqueness key: the one an earlier merge of the same backup wrote, or a new one. */
    private static final String MERGE_NODES_BY_ID = "UNWIND $rows AS row MERGE (n:" + IMPORT_LABEL + " {" + MERGE_KEY
            + ": row.key}) SET n:$($labels) SET n += row.props SET n." + IMPORT_ID + " = row.id";
    private static final String CREATE_RELATIONSHIPS = "UNWIND $rows AS row MATCH (a:" + IMPORT_LABEL + " {"
            + IMPORT_ID + ": row.s}) MATCH (b:" + IMPORT_LABEL + " {" + IMPORT_ID + ": row.e}) CREATE (a)-[r:$($type)]"
            + "->(b) SET r += row.props RETURN count(r) AS c";

    private final Session session;
    private final Mode mode;
    private final ImportBudget budget;
    private final String source;
    private final Map<String, String> uniqueKeys;
    private final BooleanSupplier stop;
    private final ImportProgress progress;
    private long nodes;
    private long relationships;
    private List<String> batchLabels;
    private final List<Map<String, Object>> nodeRows = new ArrayList<>();
    private long nodeBytes;
    private final Map<String, List<Map<String, Object>>> relRows = new LinkedHashMap<>();
    private final Map<String, RelationshipMerge.Occurrences> occurrences = new HashMap<>();
    private long relBytes;
    private final Map<String, Long> relBytesOf = new HashMap<>();

    /** @param stop asked before each write: true ends the import with SHUTDOWN (the caller cleans up) */
    ImportBatches(Session session, Mode mode, ImportBudget budget, String source, Map<String, String> uniqueKeys,
            BooleanSupplier stop, ImportProgress progress) {
        this.session = session;
        this.mode = mode;
        this.budget = budget;
        this.source = source;
        this.uniqueKeys = uniqueKeys;
        this.stop = stop;
        this.progress = progress;
    }

    void accept(LineReader.Line line) {
        if (line.isNode()) {
            List<String> labels = line.labels();
            if (batchLabels != null && !batchLabels.equals(labels)) {
                flushNodes();
            }
            batchLabels = labels;
            Map<String, Object> row = new HashMap<>();
            row.put("id", line.id());
            row.put("key", source + "/" + line.id());
            row.put("props", line.properties());
            nodeRows.add(row);
            nodeBytes += line.bytes();
            if (budget.full(nodeRows.size(), nodeBytes)) {
                flushNodes();
            }
        } else if (line.isRelationship()) {
            flushNodes(); // the relationships come after all nodes; a stray order still finds its nodes
            String type = line.relationshipType();
            Map<String, Object> row = new HashMap<>();
            row.put("s", line.endId("start"));
            row.put("e", line.endId("end"));
            Map<String, Object> props = line.properties();
            row.put("props", props);
            if (mode == Mode.MERGE) {
                row.put("nth", occurrences.computeIfAbsent(type, t -> new RelationshipMerge.Occurrences()).next(
                        line.endId("start"), line.endId("end"), props));
            }
            List<Map<String, Object>> rows = relRows.computeIfAbsent(type, t -> new ArrayList<>());
            rows.add(row);
            relBytes += line.bytes();
            relBytesOf.merge(type, (long) line.bytes(), Long::sum);
            if (budget.full(rows.size(), 0)) {
                flushRelationships(type);
            } else if (budget.full(0, relBytes)) {
                flushAllRelationships();
            }
        } else {
            throw line.invalid("neither a node nor a relationship");
        }
    }

    void flushAll() {
        flushNodes();
        flushAllRelationships();
    }

    private void flushAllRelationships() {
        for (String type : new ArrayList<>(relRows.keySet())) {
            flushRelationships(type);
        }
    }

    private void checkStop() {
        if (stop.getAsBoolean()) {
            throw new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down: the import was stopped after "
                    + nodes + " nodes and " + relationships + " relationships");
        }
    }

    /**
     * The labels are a parameter ({@code $($labels)}); only a merge by a uniqueness constraint's key writes its
     * label and property in (quoted by the one quoting function: a MERGE on {@code $(...)} cannot use the
     * constraint's index); they are the names of a constraint that passed the same checks.
     */
    void flushNodes() {
        if (nodeRows.isEmpty()) {
            return;
        }
        checkStop();
        if (mode == Mode.CLEAR_FIRST) {
            session.run(CREATE_NODES, Map.of("rows", nodeRows, "labels", batchLabels)).consume();
        } else {
            String byKey = batchLabels.stream().filter(uniqueKeys::containsKey).findFirst().orElse(null);
            List<Map<String, Object>> byId = nodeRows;
            if (byKey != null) {
                String prop = uniqueKeys.get(byKey);
                List<Map<String, Object>> keyed = new ArrayList<>();
                byId = new ArrayList<>();
                for (Map<String, Object> row : nodeRows) {
                    (((Map<?, ?>) row.get("props")).get(prop) != null ? keyed : byId).add(row);
                }
                if (!keyed.isEmpty()) {
                    // matched by its key: no mark of ours stays on it (the temporary id goes at the end)
                    session.run("UNWIND $rows AS row MERGE (n:" + CypherNames.quote(byKey) + " {"
                            + CypherNames.quote(prop) + ": row.props[$prop]}) SET n:" + IMPORT_LABEL
                            + ":$($labels) SET n += row.props SET n." + IMPORT_ID + " = row.id",
                            Map.of("rows", keyed, "prop", prop, "labels", batchLabels)).consume();
                }
            }
            if (!byId.isEmpty()) {
                session.run(MERGE_NODES_BY_ID, Map.of("rows", byId, "labels", batchLabels)).consume();
            }
        }
        nodes += nodeRows.size();
        nodeRows.clear();
        nodeBytes = 0;
        progress.told(nodes + relationships);
    }

    void flushRelationships(String type) {
        List<Map<String, Object>> rows = relRows.remove(type);
        if (rows == null || rows.isEmpty()) {
            return;
        }
        checkStop();
        String query = mode == Mode.CLEAR_FIRST ? CREATE_RELATIONSHIPS : RelationshipMerge.query(type);
        long written = session.run(query, Map.of("rows", rows, "type", type)).single().get("c").asLong();
        relationships += written;
        if (written < rows.size()) {
            // the proof found every relationship's nodes in the file: a node the import did not write is a defect
            throw new BackupFailure(ErrorCode.BACKUP_FAILED, (rows.size() - written) + " " + CypherNames.shown(type)
                    + " relationships found no start or end node among the nodes the import wrote");
        }
        relBytes -= relBytesOf.getOrDefault(type, 0L);
        relBytesOf.remove(type);
        progress.told(nodes + relationships);
    }

    long nodes() {
        return nodes;
    }

    long relationships() {
        return relationships;
    }
}
