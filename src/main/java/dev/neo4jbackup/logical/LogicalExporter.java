package dev.neo4jbackup.logical;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Streams one live database over Bolt into JSON lines in the format of APOC's {@code apoc.export.json.all}:
 * a metadata line first, then the nodes grouped by label set, then the relationships (docs/logical-format.md).
 * Every query reads one window of node ids ({@code UNWIND range($from, $to) ... WHERE id(n) = i}: an id
 * seek, never SKIP/LIMIT), each in its own short transaction, and each row is written as it arrives, so
 * the heap stays flat whatever the graph's size. Neo4j is never stopped: concurrent writes are detected,
 * not prevented ({@link TxMarker}, the counts before and after), and recorded.
 */
public final class LogicalExporter {

    private static final Logger log = LoggerFactory.getLogger(LogicalExporter.class);

    /**
     * Compact, one object a line. A name of the graph is a JSON key (properties, the header's counts and type
     * map): Jackson's default cap of 50,000 characters a name would make a 64 KB label unreadable; the header
     * line itself is capped at 16 M characters ({@link LogicalHeader}).
     */
    static final JsonMapper LINES = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
            .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder().maxNameLength(16 * 1024 * 1024)
                    .build()).build()).build();

    public static final String FORMAT = LogicalHeader.FORMAT;

    /** The file, what went into it (the manifest's graph: like with like), and the consistency facts. */
    public record Exported(Path file, GraphStats graph, Manifest.Logical facts) {
    }

    /** What the header says about the run (the exporter adds the rest). */
    public record About(Instant created, String reason, String source, String neo4jVersion) {
    }

    private record LabelSet(List<String> labels, long minId, long maxId, long count) {
    }

    private final Driver driver;

    public LogicalExporter(Driver driver) {
        this.driver = driver;
    }

    /** Writes {@code <database>.jsonl} into {@code workDir}; {@code progress} is told the entities so far. */
    public Exported export(String database, Path workDir, ExportOptions options, About about, LongConsumer progress) {
        Path body = workDir.resolve(database + ".body.jsonl");
        Path file = workDir.resolve(database + ".jsonl");
        try (Session session = driver.session(sessionConfig(database, options))) {
            TxMarker.Mark before = TxMarker.read(driver, database);
            GraphStats countsBefore = Counts.read(session);
            Schema schema = Schema.read(session);
            Written written;
            try (OutputStream out = Files.newOutputStream(body);
                    BufferedWriter writer = new BufferedWriter(new java.io.OutputStreamWriter(out,
                            StandardCharsets.UTF_8), 1 << 16)) {
                written = writeBody(session, writer, options, progress);
            }
            GraphStats countsAfter = Counts.read(session);
            TxMarker.Mark after = TxMarker.read(driver, database);
            String evidence = evidence(before, after, countsBefore, countsAfter);
            boolean consistent = evidence == null;
            GraphStats exported = new GraphStats(written.nodes, written.relationships, written.labels,
                    written.types, schema.indexCount(), schema.constraints().size());
            Manifest.Logical facts = new Manifest.Logical(consistent, consistent ? "last committed transaction "
                    + before.describe() + " and the counts were the same before and after the export" : evidence,
                    before.value(), after.value(), countsBefore, countsAfter, options.excludeProperties(),
                    options.labelsLeftOut(), written.nodes, written.relationships, written.fingerprint.value());
            writeWithHeader(file, body, header(database, about, options, exported, written, schema, facts));
            return new Exported(file, exported, facts);
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw BackupFailure.of(ErrorCode.NEO4J_UNREACHABLE, "Cannot connect to Neo4j over Bolt during the "
                    + "logical export of " + database + ": " + e.getMessage(), e);
        } catch (Neo4jException e) {
            throw BackupFailure.of(ErrorCode.BACKUP_FAILED, "The logical export of " + database + " failed: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw BackupFailure.of(ErrorCode.BACKUP_FAILED, "The logical export of " + database + " met a value it "
                    + "cannot write: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(body);
            } catch (IOException ignored) {
                // the work folder goes with the run
            }
        }
    }

    /** The content fingerprint of the live database as an export with these options would see it (no file). */
    public ContentFingerprint fingerprint(String database, ExportOptions options) {
        try (Session session = driver.session(sessionConfig(database, options))) {
            return writeBody(session, null, options, done -> { }).fingerprint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page is read whole (list()): one Bolt pull of the page's size instead of the driver's default 1000 rows. */
    private static SessionConfig sessionConfig(String database, ExportOptions options) {
        return SessionConfig.builder().withDatabase(database).withFetchSize(Math.max(1000, options.pageSize()))
                .build();
    }

    private static final class Written {
        long nodes;
        long relationships;
        final Map<String, Long> labels = new TreeMap<>();
        final Map<String, Long> types = new TreeMap<>();
        /** label set (or type) to property to the type names seen */
        final Map<String, Map<String, TreeSet<String>>> typeMap = new TreeMap<>();
        final ContentFingerprint fingerprint = new ContentFingerprint();
    }

    private static final String NODES_WITH_LABELS = "UNWIND range($from, $to) AS i MATCH (n:$($labels)) "
            + "WHERE id(n) = i AND size(labels(n)) = $count RETURN id(n) AS id, properties(n) AS props";
    private static final String NODES_WITHOUT_LABELS = "UNWIND range($from, $to) AS i MATCH (n) "
            + "WHERE id(n) = i AND size(labels(n)) = 0 RETURN id(n) AS id, properties(n) AS props";

    private Written writeBody(Session session, BufferedWriter out, ExportOptions options, LongConsumer progress)
            throws IOException {
        Written w = new Written();
        List<String> leftOut = options.labelsLeftOut();
        for (LabelSet set : labelSets(session)) {
            if (options.leftOut(set.labels())) {
                log.info("Logical export: leaving out {} nodes labelled {} (excluded)", set.count(), set.labels());
                continue;
            }
            // the labels are a parameter (an id seek, then a filter: the same plan as with the labels written in)
            String query = set.labels().isEmpty() ? NODES_WITHOUT_LABELS : NODES_WITH_LABELS;
            String key = String.join(":", set.labels());
            List<Map<String, Object>> pages = new ArrayList<>();
            for (long from = set.minId(); from <= set.maxId(); from += options.pageSize()) {
                pages.add(Map.of("from", from, "to", Math.min(set.maxId(), from + options.pageSize() - 1), "labels",
                        set.labels(), "count", set.labels().size()));
            }
            forEachPage(session, query, pages, rows -> {
                for (Record r : rows) {
                    long id = r.get("id").asLong();
                    Map<String, Value> props = kept(r.get("props").asMap(v -> v), set.labels(), options);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("type", "node");
                    line.put("id", Long.toString(id));
                    line.put("labels", set.labels());
                    putProperties(line, props, w.typeMap.computeIfAbsent(key, k -> new TreeMap<>()));
                    if (out != null) {
                        out.write(LINES.writeValueAsString(line));
                        out.write('\n');
                    }
                    w.fingerprint.node(id, set.labels(), props);
                    w.nodes++;
                    for (String label : set.labels()) {
                        w.labels.merge(label, 1L, Long::sum);
                    }
                    if ((w.nodes & 0xffff) == 0) {
                        progress.accept(w.nodes);
                    }
                }
            });
        }
        long maxNodeId = session.run("MATCH (n) RETURN coalesce(max(id(n)), -1) AS m").single().get("m").asLong();
        String query = "UNWIND range($from, $to) AS i MATCH (a) WHERE id(a) = i MATCH (a)-[r]->(b) "
                + "WHERE NOT any(l IN labels(a) WHERE l IN $out) AND NOT any(l IN labels(b) WHERE l IN $out) "
                + "RETURN id(r) AS id, type(r) AS type, properties(r) AS props, id(a) AS a, labels(a) AS al, "
                + "id(b) AS b, labels(b) AS bl";
        List<Map<String, Object>> pages = new ArrayList<>();
        for (long from = 0; from <= maxNodeId; from += options.pageSize()) {
            pages.add(Map.of("from", from, "to", Math.min(maxNodeId, from + options.pageSize() - 1), "out", leftOut));
        }
        forEachPage(session, query, pages, rows -> {
            for (Record r : rows) {
                String type = r.get("type").asString();
                Map<String, Value> props = kept(r.get("props").asMap(v -> v), List.of(type), options);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", Long.toString(r.get("id").asLong()));
                line.put("type", "relationship");
                line.put("label", type);
                putProperties(line, props, w.typeMap.computeIfAbsent("-[" + type + "]-", k -> new TreeMap<>()));
                line.put("start", end(r.get("a").asLong(), r.get("al")));
                line.put("end", end(r.get("b").asLong(), r.get("bl")));
                if (out != null) {
                    out.write(LINES.writeValueAsString(line));
                    out.write('\n');
                }
                w.fingerprint.relationship(r.get("a").asLong(), type, props, r.get("b").asLong());
                w.relationships++;
                w.types.merge(type, 1L, Long::sum);
                if ((w.relationships & 0xffff) == 0) {
                    progress.accept(w.nodes + w.relationships);
                }
            }
        });
        progress.accept(w.nodes + w.relationships);
        return w;
    }

    private interface PageConsumer {
        void accept(List<Record> rows) throws IOException;
    }

    /**
     * Runs the page queries one page ahead of the caller, on a thread of its own: Neo4j reads page i + 1 while
     * page i is encoded, hashed and written here (measured: the export was read, then encode, in turn). At
     * most two pages are in memory; the session is used by one thread at a time (the next read is submitted
     * only once the previous one is done).
     */
    private static void forEachPage(Session session, String query, List<Map<String, Object>> pages,
            PageConsumer consumer) throws IOException {
        if (pages.isEmpty()) {
            return;
        }
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "logical-export-read");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.Future<List<Record>> next = null;
        try {
            next = reader.submit(() -> session.run(query, pages.get(0)).list());
            for (int i = 0; i < pages.size(); i++) {
                List<Record> rows = await(next);
                Map<String, Object> following = i + 1 < pages.size() ? pages.get(i + 1) : null;
                next = following == null ? null : reader.submit(() -> session.run(query, following).list());
                consumer.accept(rows);
            }
            next = null;
        } finally {
            if (next != null) {
                try {
                    next.get(); // the session is closed after this: never under a read still running
                } catch (Exception ignored) {
                    // the first failure is the one thrown
                }
            }
            reader.shutdownNow();
        }
    }

    private static List<Record> await(java.util.concurrent.Future<List<Record>> page) {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a page of the export", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // ServiceUnavailableException and the others, as a read on this thread throws them
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Map<String, Object> end(long id, Value labels) {
        List<String> sorted = new ArrayList<>(labels.asList(Value::asString));
        sorted.sort(null);
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("id", Long.toString(id));
        end.put("labels", sorted);
        return end;
    }

    private static Map<String, Value> kept(Map<String, Value> props, List<String> owners, ExportOptions options) {
        Map<String, Value> kept = new TreeMap<>();
        props.forEach((k, v) -> {
            if (!options.excluded(k, owners)) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /** {@code properties}, and {@code types} for the values JSON alone cannot type. */
    private static void putProperties(Map<String, Object> line, Map<String, Value> props,
            Map<String, TreeSet<String>> typeMap) {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, String> types = null;
        for (Map.Entry<String, Value> p : props.entrySet()) {
            JsonValues.Encoded e = JsonValues.encode(p.getValue());
            json.put(p.getKey(), e.json());
            if (e.type() != null) {
                if (types == null) {
                    types = new LinkedHashMap<>();
                }
                types.put(p.getKey(), e.type());
            }
            TreeSet<String> seen = typeMap.computeIfAbsent(p.getKey(), k -> new TreeSet<>());
            if (seen.size() < 8) {
                seen.add(e.type() != null ? e.type() : TypeNames.of(p.getValue()));
            }
        }
        line.put("properties", json);
        if (types != null) {
            line.put("types", types);
        }
    }

    /** Label sets sorted, each with its id range: the windows of one set never read another set's ids twice. */
    private static List<LabelSet> labelSets(Session session) {
        Map<List<String>, LabelSet> sets = new java.util.LinkedHashMap<>();
        for (Record r : session.run("MATCH (n) WITH labels(n) AS labels, id(n) AS id "
                + "RETURN labels, min(id) AS lo, max(id) AS hi, count(*) AS c").list()) {
            List<String> labels = new ArrayList<>(r.get("labels").asList(Value::asString));
            labels.sort(null);
            LabelSet set = new LabelSet(List.copyOf(labels), r.get("lo").asLong(), r.get("hi").asLong(),
                    r.get("c").asLong());
            sets.merge(set.labels(), set, (a, b) -> new LabelSet(a.labels(), Math.min(a.minId(), b.minId()),
                    Math.max(a.maxId(), b.maxId()), a.count() + b.count()));
        }
        List<LabelSet> sorted = new ArrayList<>(sets.values());
        sorted.sort(java.util.Comparator.comparing(s -> String.join(":", s.labels())));
        return sorted;
    }

    private static Map<String, Object> header(String database, About about, ExportOptions options, GraphStats exported,
            Written w, Schema schema, Manifest.Logical facts) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("type", "meta");
        h.put("format", FORMAT);
        h.put("kind", Manifest.LOGICAL);
        h.put("created", about.created().toString());
        h.put("reason", about.reason());
        h.put("source", about.source());
        h.put("database", database);
        h.put("neo4jVersion", about.neo4jVersion());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("nodes", exported.nodes());
        counts.put("relationships", exported.relationships());
        counts.put("labels", exported.labels());
        counts.put("relationshipTypes", exported.relationshipTypes());
        counts.put("indexes", exported.indexes());
        counts.put("constraints", exported.constraints());
        h.put("counts", counts);
        Map<String, Object> typeMap = new TreeMap<>();
        w.typeMap.forEach((owner, props) -> {
            Map<String, Object> byKey = new TreeMap<>();
            props.forEach((k, types) -> byKey.put(k, types.size() == 1 ? types.first() : List.copyOf(types)));
            typeMap.put(owner, byKey);
        });
        h.put("typeMap", typeMap);
        Map<String, Object> exclusions = new LinkedHashMap<>();
        exclusions.put("properties", options.excludeProperties());
        exclusions.put("labels", options.labelsLeftOut());
        h.put("exclusions", exclusions);
        Map<String, Object> schemaMap = new LinkedHashMap<>();
        // fields, never statements: the import rebuilds each one from an allow-list (SchemaEntries)
        schemaMap.put("constraints", schema.constraints().stream().map(SchemaEntry::toJson).toList());
        schemaMap.put("indexes", schema.indexes().stream().map(SchemaEntry::toJson).toList());
        h.put("schema", schemaMap);
        Map<String, Object> consistency = new LinkedHashMap<>();
        consistency.put("consistent", facts.consistent());
        consistency.put("evidence", facts.evidence());
        consistency.put("txBefore", facts.txBefore());
        consistency.put("txAfter", facts.txAfter());
        h.put("consistency", consistency);
        h.put("fingerprint", facts.fingerprint());
        return h;
    }

    /** The header must come first, but is known last: it is written, then the body is copied after it. */
    private static void writeWithHeader(Path file, Path body, Map<String, Object> header) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); InputStream in = Files.newInputStream(body)) {
            out.write(LINES.writeValueAsBytes(header));
            out.write('\n');
            in.transferTo(out);
        }
    }

    private static String evidence(TxMarker.Mark before, TxMarker.Mark after, GraphStats countsBefore,
            GraphStats countsAfter) {
        List<String> changes = new ArrayList<>();
        if (before.value() != null && !before.value().equals(after.value())) {
            changes.add("last committed transaction changed: " + before.describe() + " -> " + after.describe());
        }
        if (countsBefore.nodes() != countsAfter.nodes()) {
            changes.add("nodes " + countsBefore.nodes() + " -> " + countsAfter.nodes());
        }
        if (countsBefore.relationships() != countsAfter.relationships()) {
            changes.add("relationships " + countsBefore.relationships() + " -> " + countsAfter.relationships());
        }
        if (!countsBefore.labels().equals(countsAfter.labels())) {
            changes.add("counts per label changed");
        }
        if (!countsBefore.relationshipTypes().equals(countsAfter.relationshipTypes())) {
            changes.add("counts per relationship type changed");
        }
        return changes.isEmpty() ? null : "writes during the export: " + String.join("; ", changes);
    }
}
