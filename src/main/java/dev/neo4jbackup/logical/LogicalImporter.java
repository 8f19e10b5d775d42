package dev.neo4jbackup.logical;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;

/**
 * Writes a logical backup (our JSON lines, or APOC's {@code apoc.export.json.all} lines) into a live
 * database, in batched {@code UNWIND} writes: constraints first, then the nodes (a temporary label and
 * id property with its index map the exported ids to the new nodes), the relationships by that map, then
 * the other indexes; the temporary label, property and index are removed at the end, also after a failure.
 * {@code CLEAR_FIRST} deletes the data and schema first (in batches); {@code MERGE} adds to what is there,
 * matching a node by a uniqueness constraint's key where its label has one, else by the exported id kept
 * in {@value #MERGE_KEY}: merging the same backup twice is merging it once.
 */
public final class LogicalImporter {

    private static final Logger log = LoggerFactory.getLogger(LogicalImporter.class);

    /** The temporary id map of an import; never left behind, never exported. */
    public static final String IMPORT_ID = "__backup_import_id";
    public static final String IMPORT_LABEL = "__BackupImport";
    public static final String IMPORT_INDEX = "__backup_import_index";
    /** The key a merge keeps on what it wrote: {@code <source>/<exported id>}. */
    public static final String MERGE_KEY = "__backup_id";

    private static final Pattern UNIQUE = Pattern.compile(
            "FOR \\((\\w+):`((?:[^`]|``)+)`\\) REQUIRE \\(\\1\\.`((?:[^`]|``)+)`\\) IS UNIQUE");

    public enum Mode {
        CLEAR_FIRST, MERGE;

        /** {@code clear-first} or {@code merge}, as the CLI and the API take it. */
        public static Mode parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            return switch (t) {
                case "clear-first", "clear" -> CLEAR_FIRST;
                case "merge" -> MERGE;
                default -> throw new IllegalArgumentException("unknown restore mode '" + text
                        + "' (clear-first or merge)");
            };
        }

        public String text() {
            return this == CLEAR_FIRST ? "clear-first" : "merge";
        }
    }

    public record Imported(long nodes, long relationships, long skippedRelationships, Duration took) {
        public double perSecond() {
            double s = Math.max(took.toMillis(), 1) / 1000.0;
            return (nodes + relationships) / s;
        }
    }

    private final Driver driver;
    private final int batchSize;

    public LogicalImporter(Driver driver, int batchSize) {
        this.driver = driver;
        this.batchSize = batchSize;
    }

    /** @param lines told the progress lines (entities/s, ETA) as the import goes */
    public Imported importFile(Path jsonl, String database, Mode mode, Consumer<String> lines) {
        long t0 = System.nanoTime();
        try (Session session = driver.session(SessionConfig.forDatabase(database));
                BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            LineReader reader = new LineReader(in);
            LineReader.Line first = reader.next();
            Map<String, Object> header = first != null && first.isMeta() ? first.map() : null;
            String source = header != null ? String.valueOf(header.get("source")) : "apoc";
            long total = header != null ? totalOf(header) : -1;
            List<String> constraints = header != null ? schemaList(header, "constraints") : List.of();
            List<String> indexes = header != null ? schemaList(header, "indexes") : List.of();
            if (mode == Mode.CLEAR_FIRST) {
                lines.accept("Clearing " + database + " (data in batches of " + batchSize + ", then its schema)...");
                clear(session);
                lines.accept("Cleared " + database + " in " + Durations.secondsSince(t0) + " s");
            }
            long writesStart = System.nanoTime(); // the rates are of the writes, not of the clearing before
            for (String statement : constraints) {
                schema(session, Schema.ifNotExists(statement), mode);
            }
            String key = mode == Mode.MERGE ? MERGE_KEY : IMPORT_ID;
            session.run("CREATE INDEX " + IMPORT_INDEX + " IF NOT EXISTS FOR (n:" + IMPORT_LABEL + ") ON (n." + key
                    + ")").consume();
            session.run("CALL db.awaitIndex($name, 300)", Map.of("name", IMPORT_INDEX)).consume();
            try {
                if (mode == Mode.MERGE) {
                    session.run("MATCH (n) WHERE n." + MERGE_KEY + " IS NOT NULL CALL { WITH n SET n:" + IMPORT_LABEL
                            + " } IN TRANSACTIONS OF 10000 ROWS").consume();
                }
                Writer writer = new Writer(session, mode, source, uniqueKeys(constraints), total, lines, writesStart);
                LineReader.Line line = first != null && first.isMeta() ? reader.next() : first;
                for (; line != null; line = reader.next()) {
                    writer.accept(line);
                }
                writer.flushAll();
                for (String statement : indexes) {
                    schema(session, Schema.ifNotExists(statement), mode);
                }
                Imported imported = new Imported(writer.nodes, writer.relationships, writer.skipped,
                        Duration.ofNanos(System.nanoTime() - writesStart));
                lines.accept(String.format(java.util.Locale.ROOT, "Imported %d nodes and %d relationships in %s s "
                        + "(%.0f entities/s)", imported.nodes(), imported.relationships(),
                        Durations.seconds(imported.took()), imported.perSecond()));
                return imported;
            } finally {
                cleanUp(session, mode);
            }
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw BackupFailure.of(ErrorCode.NEO4J_UNREACHABLE, "Cannot connect to Neo4j over Bolt during the "
                    + "logical restore into " + database + ": " + e.getMessage(), e);
        } catch (Neo4jException e) {
            throw BackupFailure.of(ErrorCode.BACKUP_FAILED, "The logical restore into " + database + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void clear(Session session) {
        session.run("MATCH (n) WHERE NOT n:" + ExportOptions.METADATA_LABEL + " CALL { WITH n DETACH DELETE n } "
                + "IN TRANSACTIONS OF " + batchSize + " ROWS").consume();
        for (String name : session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get("name").asString())) {
            session.run("DROP CONSTRAINT " + LogicalExporter.quote(name) + " IF EXISTS").consume();
        }
        for (String name : session.run("SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP' "
                + "AND owningConstraint IS NULL RETURN name").list(r -> r.get("name").asString())) {
            session.run("DROP INDEX " + LogicalExporter.quote(name) + " IF EXISTS").consume();
        }
    }

    private static void schema(Session session, String statement, Mode mode) {
        try {
            session.run(statement).consume();
        } catch (Neo4jException e) {
            if (mode == Mode.CLEAR_FIRST) {
                throw e;
            }
            // merge: the target may hold a differently named or shaped rule already; the data still goes in
            log.warn("LOGICAL_RESTORE: schema statement kept out ({}): {}", e.getMessage(), statement);
        }
    }

    /** Best effort, also after a failure: the temporary label, id property and index never stay. */
    private static void cleanUp(Session session, Mode mode) {
        try {
            String remove = mode == Mode.MERGE ? "REMOVE n:" + IMPORT_LABEL
                    : "REMOVE n:" + IMPORT_LABEL + " REMOVE n." + IMPORT_ID;
            session.run("MATCH (n:" + IMPORT_LABEL + ") CALL { WITH n " + remove + " } IN TRANSACTIONS OF 10000 ROWS")
                    .consume();
            session.run("DROP INDEX " + IMPORT_INDEX + " IF EXISTS").consume();
        } catch (RuntimeException e) {
            log.error("LOGICAL_RESTORE: the temporary label {} / index {} could not be removed: {}", IMPORT_LABEL,
                    IMPORT_INDEX, e.getMessage());
        }
    }

    /** Label to its single-property uniqueness key, from the backup's constraints. */
    static Map<String, String> uniqueKeys(List<String> constraints) {
        Map<String, String> keys = new HashMap<>();
        for (String statement : constraints) {
            Matcher m = UNIQUE.matcher(statement);
            if (m.find()) {
                keys.putIfAbsent(m.group(2).replace("``", "`"), m.group(3).replace("``", "`"));
            }
        }
        return keys;
    }

    private static long totalOf(Map<String, Object> header) {
        if (header.get("counts") instanceof Map<?, ?> counts && counts.get("nodes") instanceof Number n
                && counts.get("relationships") instanceof Number r) {
            return n.longValue() + r.longValue();
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static List<String> schemaList(Map<String, Object> header, String what) {
        if (header.get("schema") instanceof Map<?, ?> schema && schema.get(what) instanceof List<?> list) {
            return (List<String>) list;
        }
        return List.of();
    }

    /** Batches by label set (nodes) and by type (relationships), written as they fill. */
    private final class Writer {
        final Session session;
        final Mode mode;
        final String source;
        final Map<String, String> uniqueKeys;
        final long total;
        final Consumer<String> lines;
        final long t0;
        long nodes;
        long relationships;
        long skipped;
        long lastLine = System.nanoTime();
        List<String> batchLabels;
        final List<Map<String, Object>> nodeRows = new ArrayList<>();
        final Map<String, List<Map<String, Object>>> relRows = new LinkedHashMap<>();

        Writer(Session session, Mode mode, String source, Map<String, String> uniqueKeys, long total,
                Consumer<String> lines, long t0) {
            this.session = session;
            this.mode = mode;
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

        void flushNodes() {
            if (nodeRows.isEmpty()) {
                return;
            }
            String labels = LogicalExporter.labelsOf(batchLabels);
            if (mode == Mode.CLEAR_FIRST) {
                session.run("UNWIND $rows AS row CREATE (n:" + IMPORT_LABEL + labels + " {" + IMPORT_ID
                        + ": row.id}) SET n += row.props", Map.of("rows", nodeRows)).consume();
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
                        session.run("UNWIND $rows AS row MERGE (n:" + LogicalExporter.quote(byKey) + " {"
                                + LogicalExporter.quote(prop) + ": row.props[$prop]}) SET n:" + IMPORT_LABEL + labels
                                + " SET n += row.props SET n." + MERGE_KEY + " = row.key",
                                Map.of("rows", keyed, "prop", prop)).consume();
                    }
                }
                if (!byId.isEmpty()) {
                    session.run("UNWIND $rows AS row MERGE (n:" + IMPORT_LABEL + " {" + MERGE_KEY + ": row.key}) SET n"
                            + (labels.isEmpty() ? ":" + IMPORT_LABEL : labels) + " SET n += row.props",
                            Map.of("rows", byId)).consume();
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
            String t = LogicalExporter.quote(type);
            String query = mode == Mode.CLEAR_FIRST
                    ? "UNWIND $rows AS row MATCH (a:" + IMPORT_LABEL + " {" + IMPORT_ID + ": row.s}) MATCH (b:"
                            + IMPORT_LABEL + " {" + IMPORT_ID + ": row.e}) CREATE (a)-[r:" + t
                            + "]->(b) SET r += row.props RETURN count(r) AS c"
                    : "UNWIND $rows AS row MATCH (a:" + IMPORT_LABEL + " {" + MERGE_KEY + ": row.ks}) MATCH (b:"
                            + IMPORT_LABEL + " {" + MERGE_KEY + ": row.ke}) MERGE (a)-[r:" + t + " {" + MERGE_KEY
                            + ": row.key}]->(b) SET r += row.props RETURN count(r) AS c";
            long written = session.run(query, Map.of("rows", rows)).single().get("c").asLong();
            relationships += written;
            skipped += rows.size() - written;
            if (written < rows.size()) {
                log.warn("LOGICAL_RESTORE: {} {} relationships had no start or end node in the backup", rows.size()
                        - written, type);
            }
            progress();
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
}
