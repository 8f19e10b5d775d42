package dev.neo4jbackup.logical;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
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
 * matching a node by a uniqueness constraint's key where its label has one (the file's constraints and the
 * database's), else by the exported id kept in {@value #MERGE_KEY}, and a relationship by its two nodes, its type
 * and its properties ({@link RelationshipMerge}): merging the same backup twice is merging it once, and merging it
 * into a graph that lost part of its data gives back the backup's graph. Only a file that passed
 * {@link LogicalProof} is imported.
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
    /** A merge's second temporary index: the nodes an earlier merge wrote of labels without a uniqueness key. */
    public static final String MERGE_INDEX = "__backup_merge_index";
    private static final String MERGE_INDEX_ON_MERGE_KEY = "CREATE INDEX " + MERGE_INDEX + " IF NOT EXISTS FOR (n:"
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

    public record Imported(long nodes, long relationships, Duration took) {
        public double perSecond() {
            double s = Math.max(took.toMillis(), 1) / 1000.0;
            return (nodes + relationships) / s;
        }
    }

    private final Driver driver;
    private final ImportBudget budget;
    private final BooleanSupplier stop;

    public LogicalImporter(Driver driver, int batchSize) {
        this(driver, ImportBudget.ofRows(batchSize), () -> false);
    }

    /** @param stop asked before each write: true stops the import with SHUTDOWN (a service shutting down) */
    public LogicalImporter(Driver driver, ImportBudget budget, BooleanSupplier stop) {
        this.driver = driver;
        this.budget = budget;
        this.stop = stop;
    }

    /** Proves the file ({@link LogicalProof}, nothing touched when it fails), then imports it. */
    public Imported importFile(Path jsonl, String database, Mode mode, Consumer<String> lines) {
        requireUserDatabase(database);
        return importFile(LogicalProof.prove(jsonl), database, mode, lines);
    }

    /**
     * Imports a file that passed the proof: everything from it is data: the header's schema was parsed into entries
     * ({@link SchemaEntries}) and each statement rebuilt ({@link SchemaStatements}) by the proof. The session names
     * its database, never {@code system}. Any failure after the first write (a refusal of Neo4j's, a lost
     * connection, an OutOfMemoryError, a defect) is a {@link PartialImport} that says what was written; the temporary
     * label, id property and index are removed on every path the process lives through.
     *
     * @param lines told the progress lines (entities/s, ETA) as the import goes
     */
    public Imported importFile(LogicalProof.Proven proven, String database, Mode mode, Consumer<String> lines) {
        long t0 = System.nanoTime();
        requireUserDatabase(database);
        LogicalHeader.Header header = proven.header();
        String source = header != null ? String.valueOf(header.fields().get("source")) : "apoc";
        long total = proven.nodes() + proven.relationships();
        List<SchemaEntry> constraints = header != null ? header.schema().constraints() : List.of();
        List<SchemaEntry> indexes = header != null ? header.schema().indexes() : List.of();
        List<SchemaStatements.Statement> constraintStatements = constraints.stream().map(
                SchemaStatements::create).toList();
        List<SchemaStatements.Statement> indexStatements = indexes.stream().map(SchemaStatements::create).toList();
        ImportBatches writer = null;
        boolean touched = false;
        try (Session session = driver.session(SessionConfig.forDatabase(database));
                LineReader reader = new LineReader(Files.newInputStream(proven.file()), proven.maxLineBytes())) {
            touched = true; // from here on the database may change
            if (mode == Mode.CLEAR_FIRST) {
                // a file without our header brings no schema: the database keeps its own (APOC's files)
                lines.accept("Clearing " + database + " (data in batches of " + budget.rows() + (header != null
                        ? ", then its schema)..." : "; its schema stays: the file has none)..."));
                clear(session, header != null);
                lines.accept("Cleared " + database + " in " + Durations.secondsSince(t0) + " s");
            }
            long writesStart = System.nanoTime(); // the rates are of the writes, not of the clearing before
            for (int i = 0; i < constraints.size(); i++) {
                schema(session, constraintStatements.get(i), constraints.get(i), mode);
            }
            Map<String, String> keys = new HashMap<>(SchemaEntries.uniqueKeys(constraints));
            try {
                session.run(IMPORT_INDEX_ON_IMPORT_ID).consume();
                if (mode == Mode.MERGE) {
                    Schema.read(session).constraints().stream().filter(SchemaEntry::singleNodeKey).forEach(c -> keys
                            .putIfAbsent(c.labelsOrTypes().get(0), c.properties().get(0)));
                    session.run(MERGE_INDEX_ON_MERGE_KEY).consume();
                    session.run("CALL db.awaitIndex($name, 300)", Map.of("name", MERGE_INDEX)).consume();
                    ShrinkingBatches.run(session, "MATCH (n) WHERE n." + MERGE_KEY + " IS NOT NULL AND NOT n:"
                            + IMPORT_LABEL + " CALL { WITH n SET n:" + IMPORT_LABEL + " } IN TRANSACTIONS OF $batch "
                            + "ROWS", 10_000, "marking");
                }
                session.run("CALL db.awaitIndex($name, 300)", Map.of("name", IMPORT_INDEX)).consume();
                writer = new ImportBatches(session, mode, budget, source, keys, stop, new ImportProgress(total, lines,
                        writesStart));
                LineReader.Line line = reader.next();
                if (header != null) {
                    line = reader.next(); // the header, read by the proof
                }
                for (; line != null; line = reader.next()) {
                    writer.accept(line);
                }
                writer.flushAll();
                for (int i = 0; i < indexes.size(); i++) {
                    schema(session, indexStatements.get(i), indexes.get(i), mode);
                }
                Imported imported = new Imported(writer.nodes(), writer.relationships(),
                        Duration.ofNanos(System.nanoTime() - writesStart));
                lines.accept(String.format(java.util.Locale.ROOT, "Imported %d nodes and %d relationships in %s s "
                        + "(%.0f entities/s)", imported.nodes(), imported.relationships(),
                        Durations.seconds(imported.took()), imported.perSecond()));
                return imported;
            } finally {
                removeTemporaries(session);
            }
        } catch (Throwable failed) {
            throw PartialImport.of(failed, database, mode, touched, writer == null ? 0 : writer.nodes(),
                    writer == null ? 0 : writer.relationships(), proven);
        }
    }

    private static void requireUserDatabase(String database) {
        if (database == null || "system".equalsIgnoreCase(database)) {
            throw new BackupFailure(ErrorCode.CONFIG_INVALID, "A logical backup is restored into a user database, "
                    + "never into " + (database == null ? "no database" : "system") + "; nothing was written", null,
                    "Name the user database to restore into (--database)", null);
        }
    }

    /** The data in batches, then every constraint and index but the lookup ones: each by its name as a parameter. */
    private void clear(Session session, boolean schemaToo) {
        ShrinkingBatches.run(session, "MATCH (n) WHERE NOT n:" + ExportOptions.METADATA_LABEL + " CALL { WITH n "
                + "DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS", budget.rows(), "clearing");
        if (!schemaToo) {
            return;
        }
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

    /**
     * What an import leaves while it runs: the temporary label and id on the nodes it wrote or matched, and the
     * temporary indexes. Removed after every import, and by the start-up after an import a crash cut short; best
     * effort (a failure is logged, and the next start tries again).
     *
     * @return the nodes that still carried the temporary label
     */
    public static long removeTemporaries(Driver driver, String database) {
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            return removeTemporaries(session);
        }
    }

    private static long removeTemporaries(Session session) {
        try {
            long labelled = session.run("MATCH (n:" + IMPORT_LABEL + ") RETURN count(n) AS c").single().get("c")
                    .asLong();
            ShrinkingBatches.run(session, "MATCH (n:" + IMPORT_LABEL + ") CALL { WITH n REMOVE n:" + IMPORT_LABEL
                    + " REMOVE n." + IMPORT_ID + " } IN TRANSACTIONS OF $batch ROWS", 10_000, "unmarking");
            session.run("DROP INDEX " + IMPORT_INDEX + " IF EXISTS").consume();
            session.run("DROP INDEX " + MERGE_INDEX + " IF EXISTS").consume();
            return labelled;
        } catch (RuntimeException e) {
            log.error("LOGICAL_RESTORE: the temporary label {} / indexes {}, {} could not be removed: {}", IMPORT_LABEL,
                    IMPORT_INDEX, MERGE_INDEX, e.getMessage());
            return -1;
        }
    }
}
