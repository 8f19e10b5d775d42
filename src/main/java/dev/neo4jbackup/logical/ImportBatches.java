package dev.neo4jbackup.logical;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.neo4j.CypherNames;

/**
 * The import's writes: batches by label set (nodes) and by type (relationships), written as they fill. Every
 * name of the file is a parameter ({@code $($labels)}, {@code $($type)}, the property maps), but in the two
 * merges 5.26 cannot plan well with a parameter, where the name goes through the one quoting function: the
 * merge by a uniqueness constraint's key (a MERGE on {@code $(...)} plans an AllNodesScan instead of the
 * constraint's index) and the merge of relationships ({@link #mergeRelationshipsOfType}); measured on 5.26.
 */
final class ImportBatches {

    private static final Logger log = LoggerFactory.getLogger(ImportBatches.class);
    private static final String IMPORT_LABEL = LogicalImporter.IMPORT_LABEL;
    private static final String IMPORT_ID = LogicalImporter.IMPORT_ID;
    private static final String MERGE_KEY = LogicalImporter.MERGE_KEY;

    private static final String CREATE_NODES = "UNWIND $rows AS row CREATE (n:" + IMPORT_LABEL + ":$($labels) {"
            + IMPORT_ID + ": row.id}) SET n += row.props";
    private static final String MERGE_NODES_BY_ID = "UNWIND $rows AS row MERGE (n:" + IMPORT_LABEL + " {" + MERGE_KEY
            + ": row.key}) SET n:$($labels) SET n += row.props";
    private static final String CREATE_RELATIONSHIPS = "UNWIND $rows AS row MATCH (a:" + IMPORT_LABEL + " {"
            + IMPORT_ID + ": row.s}) MATCH (b:" + IMPORT_LABEL + " {" + IMPORT_ID + ": row.e}) CREATE (a)-[r:$($type)]"
            + "->(b) SET r += row.props RETURN count(r) AS c";
    private static final String MERGE_RELATIONSHIPS = "UNWIND $rows AS row MATCH (a:" + IMPORT_LABEL + " {" + MERGE_KEY
            + ": row.ks}) MATCH (b:" + IMPORT_LABEL + " {" + MERGE_KEY + ": row.ke}) MERGE (a)-[r:$($type) {" + MERGE_KEY
            + ": row.key}]->(b) SET r += row.props RETURN count(r) AS c";

    private final Session session;
    private final Mode mode;
    private final int batchSize;
    private final String source;
    private final Map<String, String> uniqueKeys;
    private final long total;
    private final Consumer<String> lines;
    private final long t0;
    private long nodes;
    private long relationships;
    private long skipped;
    private long lastLine = System.nanoTime();
    private List<String> batchLabels;
    private final List<Map<String, Object>> nodeRows = new ArrayList<>();
    private final Map<String, List<Map<String, Object>>> relRows = new LinkedHashMap<>();

    ImportBatches(Session session, Mode mode, int batchSize, String source, Map<String, String> uniqueKeys,
            long total, Consumer<String> lines, long t0) {
        this.session = session;
        this.mode = mode;
        this.batchSize = batchSize;
        this.source = source;
        this.uniqueKeys = uniqueKeys;
        this.total = total;
        this.lines = lines;
        this.t0 = t0;
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
            if (nodeRows.size() >= batchSize) {
                flushNodes();
            }
        } else if (line.isRelationship()) {
            flushNodes(); // the relationships come after all nodes; a stray order still finds its nodes
            Map<String, Object> row = new HashMap<>();
            row.put("s", line.endId("start"));
            row.put("e", line.endId("end"));
            row.put("ks", source + "/" + line.endId("start"));
            row.put("ke", source + "/" + line.endId("end"));
            row.put("key", source + "/" + line.id());
            row.put("props", line.properties());
            List<Map<String, Object>> rows = relRows.computeIfAbsent(line.relationshipType(),
                    t -> new ArrayList<>());
            rows.add(row);
            if (rows.size() >= batchSize) {
                flushRelationships(line.relationshipType());
            }
        } else {
            throw line.invalid("neither a node nor a relationship");
        }
    }

    void flushAll() {
        flushNodes();
        for (String type : new ArrayList<>(relRows.keySet())) {
            flushRelationships(type);
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
                    session.run("UNWIND $rows AS row MERGE (n:" + CypherNames.quote(byKey) + " {"
                            + CypherNames.quote(prop) + ": row.props[$prop]}) SET n:" + IMPORT_LABEL
                            + ":$($labels) SET n += row.props SET n." + MERGE_KEY + " = row.key",
                            Map.of("rows", keyed, "prop", prop, "labels", batchLabels)).consume();
                }
            }
            if (!byId.isEmpty()) {
                session.run(MERGE_NODES_BY_ID, Map.of("rows", byId, "labels", batchLabels)).consume();
            }
        }
        nodes += nodeRows.size();
        nodeRows.clear();
        progress();
    }

    void flushRelationships(String type) {
        List<Map<String, Object>> rows = relRows.remove(type);
        if (rows == null || rows.isEmpty()) {
            return;
        }
        String query = mode == Mode.CLEAR_FIRST ? CREATE_RELATIONSHIPS // the type a parameter: nothing to look up
                : CypherNames.problem(type).isEmpty() ? mergeRelationshipsOfType(type) : MERGE_RELATIONSHIPS;
        long written = session.run(query, Map.of("rows", rows, "type", type)).single().get("c").asLong();
        relationships += written;
        skipped += rows.size() - written;
        if (written < rows.size()) {
            log.warn("LOGICAL_RESTORE: {} {} relationships had no start or end node in the backup", rows.size()
                    - written, CypherNames.shown(type));
        }
        progress();
    }

    /**
     * A merge of relationships of a quotable type writes the type in, through the one quoting function. With
     * {@code $($type)} 5.26 plans the MERGE on statistics that ignore the type: while the database holds few
     * relationships it scans all of them for each row instead of expanding between the two bound nodes
     * (measured: 15 s for the first 1,700 rows into an empty database, 0.5 s with the type written in). A type
     * the quoting function refuses keeps the parameter: slower on that first batch, never wrong.
     */
    private static String mergeRelationshipsOfType(String type) {
        return MERGE_RELATIONSHIPS.replace(":$($type) {", ":" + CypherNames.quote(type) + " {");
    }

    long nodes() {
        return nodes;
    }

    long relationships() {
        return relationships;
    }

    long skipped() {
        return skipped;
    }

    void progress() {
        long now = System.nanoTime();
        if (now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        long done = nodes + relationships;
        double seconds = (now - t0) / 1e9;
        double rate = done / Math.max(seconds, 0.001);
        String eta = total > 0 && rate > 0 ? ", ETA " + Durations.compact(Duration.ofSeconds(
                (long) ((total - done) / rate))) : "";
        String line = String.format(java.util.Locale.ROOT, "Restoring: %d%s entities (%.0f entities/s%s)", done,
                total > 0 ? " of " + total : "", rate, eta);
        log.info("LOGICAL_RESTORE_PROGRESS: {}", line);
        lines.accept(line);
    }
}
