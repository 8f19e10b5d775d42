package dev.neo4jbackup.logical;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
    /** Our own constant names: the one index the id map is looked up by stays an index-backed literal. */
    private static final String IMPORT_INDEX_ON_IMPORT_ID = "CREATE INDEX " + IMPORT_INDEX + " IF NOT EXISTS FOR (n:"
            + IMPORT_LABEL + ") ON (n." + IMPORT_ID + ")";
    private static final String IMPORT_INDEX_ON_MERGE_KEY = "CREATE INDEX " + IMPORT_INDEX + " IF NOT EXISTS FOR (n:"
            + IMPORT_LABEL + ") ON (n." + MERGE_KEY + ")";

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

    /**
     * Everything from the file is data: the header's schema is parsed into entries ({@link SchemaEntries}) and
     * each statement rebuilt ({@link SchemaStatements}) before anything is written or cleared; a refused entry
     * fails the import with its line, nothing touched. The session names its database, never {@code system}.
     *
     * @param lines told the progress lines (entities/s, ETA) as the import goes
     */
    public Imported importFile(Path jsonl, String database, Mode mode, Consumer<String> lines) {
        long t0 = System.nanoTime();
        if (database == null || "system".equalsIgnoreCase(database)) {
            throw new BackupFailure(ErrorCode.CONFIG_INVALID, "A logical backup is restored into a user database, "
                    + "never into " + (database == null ? "no database" : "system") + "; nothing was written", null,
                    "Name the user database to restore into (--database)", null);
        }
        try (Session session = driver.session(SessionConfig.forDatabase(database));
                BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            LineReader reader = new LineReader(in);
            LineReader.Line first = reader.next();
            boolean hasHeader = first != null && LogicalHeader.version(first.map()) > 0;
            LogicalHeader.Header header = hasHeader ? LogicalHeader.of(first.map()) : null;
            String source = header != null ? String.valueOf(header.fields().get("source")) : "apoc";
            long total = header != null ? totalOf(header.fields()) : -1;
            List<SchemaEntry> constraints = header != null ? header.schema().constraints() : List.of();
            List<SchemaEntry> indexes = header != null ? header.schema().indexes() : List.of();
            // every statement is built before the first write: a name the quoting function refuses stops it here
            List<SchemaStatements.Statement> constraintStatements = constraints.stream().map(
                    SchemaStatements::create).toList();
            List<SchemaStatements.Statement> indexStatements = indexes.stream().map(SchemaStatements::create).toList();
            if (mode == Mode.CLEAR_FIRST) {
                lines.accept("Clearing " + database + " (data in batches of " + batchSize + ", then its schema)...");
                clear(session);
                lines.accept("Cleared " + database + " in " + Durations.secondsSince(t0) + " s");
            }
            long writesStart = System.nanoTime(); // the rates are of the writes, not of the clearing before
            for (int i = 0; i < constraints.size(); i++) {
                schema(session, constraintStatements.get(i), constraints.get(i), mode);
            }
            session.run(mode == Mode.MERGE ? IMPORT_INDEX_ON_MERGE_KEY : IMPORT_INDEX_ON_IMPORT_ID).consume();
            session.run("CALL db.awaitIndex($name, 300)", Map.of("name", IMPORT_INDEX)).consume();
            try {
                if (mode == Mode.MERGE) {
                    session.run("MATCH (n) WHERE n." + MERGE_KEY + " IS NOT NULL CALL { WITH n SET n:" + IMPORT_LABEL
                            + " } IN TRANSACTIONS OF 10000 ROWS").consume();
                }
                ImportBatches writer = new ImportBatches(session, mode, batchSize, source, SchemaEntries.uniqueKeys(
                        constraints), total, lines, writesStart);
                LineReader.Line line = hasHeader ? reader.next() : first;
                for (; line != null; line = reader.next()) {
                    writer.accept(line);
                }
                writer.flushAll();
                for (int i = 0; i < indexes.size(); i++) {
                    schema(session, indexStatements.get(i), indexes.get(i), mode);
                }
                Imported imported = new Imported(writer.nodes(), writer.relationships(), writer.skipped(),
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

    /** The data in batches, then every constraint and index but the lookup ones: each by its name as a parameter. */
    private void clear(Session session) {
        session.run("MATCH (n) WHERE NOT n:" + ExportOptions.METADATA_LABEL + " CALL { WITH n DETACH DELETE n } "
                + "IN TRANSACTIONS OF $batch ROWS", Map.of("batch", batchSize)).consume();
        for (String name : session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get("name").asString())) {
            session.run("DROP CONSTRAINT $name IF EXISTS", Map.of("name", name)).consume();
        }
        for (String name : session.run("SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP' "
                + "AND owningConstraint IS NULL RETURN name").list(r -> r.get("name").asString())) {
            session.run("DROP INDEX $name IF EXISTS", Map.of("name", name)).consume();
        }
    }

    private static void schema(Session session, SchemaStatements.Statement statement, SchemaEntry entry, Mode mode) {
        try {
            session.run(statement.text(), statement.parameters()).consume();
        } catch (Neo4jException e) {
            if (mode == Mode.CLEAR_FIRST) {
                throw e;
            }
            // merge: the target may hold a differently named or shaped rule already; the data still goes in
            log.warn("LOGICAL_RESTORE: schema entry kept out ({}): {}", e.getMessage(), entry.describe());
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

    private static long totalOf(Map<String, Object> header) {
        if (header.get("counts") instanceof Map<?, ?> counts && counts.get("nodes") instanceof Number n
                && counts.get("relationships") instanceof Number r) {
            return n.longValue() + r.longValue();
        }
        return -1;
    }
}
