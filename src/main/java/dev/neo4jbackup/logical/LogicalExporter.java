package dev.neo4jbackup.logical;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

import dev.neo4jbackup.archive.Spool;
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

    /**
     * What {@link #stream} produced: the body in a spool file (ciphertext when the spool is sealed), the header line
     * in memory (it is known only at the end and comes first), the counts and the facts.
     */
    public record Streamed(Path body, byte[] header, Spool spool, GraphStats graph, Manifest.Logical facts) {
        /** The whole file, header first, as a stream: what the packer compresses, seals and hashes. */
        public InputStream open() throws IOException {
            return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header), spool.open(body));
        }
    }

    /** Writes {@code <database>.jsonl} into {@code workDir}; {@code progress} is told the entities so far. */
    public Exported export(String database, Path workDir, ExportOptions options, About about, LongConsumer progress) {
        Streamed streamed = stream(database, workDir, options, about, progress, Spool.PLAIN, () -> false);
        Path file = workDir.resolve(database + ".jsonl");
        try (OutputStream out = Files.newOutputStream(file); InputStream in = streamed.open()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(streamed.body());
        }
        return new Exported(file, streamed.graph(), streamed.facts());
    }

    /**
     * Streams one database into a spool file in {@code workDir} (the body; with {@link Spool#sealed()} nothing but
     * ciphertext reaches the disk) and the header into memory. Pages are sized by {@code options.pageBytes()}; a
     * line longer than {@code options.maxLineBytes()} fails the export (a restore would refuse it); {@code stop}
     * ends it with SHUTDOWN within one page.
     */
    public Streamed stream(String database, Path workDir, ExportOptions options, About about, LongConsumer progress,
            Spool spool, java.util.function.BooleanSupplier stop) {
        Path body = workDir.resolve(database + ".body.jsonl" + (spool.plaintext() ? "" : ".sealed"));
        boolean done = false;
        try (Session session = driver.session(sessionConfig(database))) {
            TxMarker.Mark before = TxMarker.read(driver, database);
            GraphStats countsBefore = Counts.read(session);
            Schema schema = Schema.read(session);
            Written written;
            try (OutputStream out = new java.io.BufferedOutputStream(spool.create(body), 1 << 16)) {
                written = writeBody(session, out, options, progress, stop);
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
            byte[] headerLine = LINES.writeValueAsBytes(header(database, about, options, exported, written, schema,
                    facts));
            byte[] withNewline = java.util.Arrays.copyOf(headerLine, headerLine.length + 1);
            withNewline[headerLine.length] = '\n';
            done = true;
            return new Streamed(body, withNewline, spool, exported, facts);
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
            if (!done) {
                deleteQuietly(body);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the work folder goes with the run
        }
    }

    /** The content fingerprint of the live database as an export with these options would see it (no file). */
    public ContentFingerprint fingerprint(String database, ExportOptions options) {
        try (Session session = driver.session(sessionConfig(database))) {
            return writeBody(session, null, options, done -> { }, () -> false).fingerprint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page is read whole (list()), pulled in the driver's batches of 1000 rows: a page is sized by bytes. */
    private static SessionConfig sessionConfig(String database) {
        return SessionConfig.builder().withDatabase(database).build();
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

    private Written writeBody(Session session, OutputStream out, ExportOptions options, LongConsumer progress,
            java.util.function.BooleanSupplier stop) throws IOException {
        Written w = new Written();
        ExportPages pages = new ExportPages(session, stop);
        List<String> leftOut = options.labelsLeftOut();
        for (LabelSet set : labelSets(session)) {
            if (options.leftOut(set.labels())) {
                log.info("Logical export: leaving out {} nodes labelled {} (excluded)", set.count(), set.labels());
                continue;
            }
            // the labels are a parameter (an id seek, then a filter: the same plan as with the labels written in)
            String query = set.labels().isEmpty() ? NODES_WITHOUT_LABELS : NODES_WITH_LABELS;
            String key = String.join(":", set.labels());
            Map<String, Object> params = Map.of("labels", set.labels(), "count", set.labels().size());
            pages.forEachPage(query, set.minId(), set.maxId(), new PageSizer(options.pageSize(), options.pageBytes()),
                    from -> params, rows -> {
                        long bytes = 0;
                        for (Record r : rows) {
                            long id = r.get("id").asLong();
                            Map<String, Value> props = kept(r.get("props").asMap(v -> v), set.labels(), options);
                            Map<String, Object> line = new LinkedHashMap<>();
                            line.put("type", "node");
                            line.put("id", Long.toString(id));
                            line.put("labels", set.labels());
                            putProperties(line, props, w.typeMap.computeIfAbsent(key, k -> new TreeMap<>()));
                            bytes += write(out, line, props, options, "node " + id);
                            w.fingerprint.node(id, set.labels(), props);
                            w.nodes++;
                            for (String label : set.labels()) {
                                w.labels.merge(label, 1L, Long::sum);
                            }
                            if ((w.nodes & 0xffff) == 0) {
                                progress.accept(w.nodes);
                            }
                        }
                        return bytes;
                    });
        }
        long maxNodeId = session.run("MATCH (n) RETURN coalesce(max(id(n)), -1) AS m").single().get("m").asLong();
        String query = "UNWIND range($from, $to) AS i MATCH (a) WHERE id(a) = i MATCH (a)-[r]->(b) "
                + "WHERE NOT any(l IN labels(a) WHERE l IN $out) AND NOT any(l IN labels(b) WHERE l IN $out) "
                + "RETURN id(r) AS id, type(r) AS type, properties(r) AS props, id(a) AS a, labels(a) AS al, "
                + "id(b) AS b, labels(b) AS bl";
        Map<String, Object> params = Map.of("out", leftOut);
        pages.forEachPage(query, 0, maxNodeId, new PageSizer(options.pageSize(), options.pageBytes()), from -> params,
                rows -> {
                    long bytes = 0;
                    for (Record r : rows) {
                        String type = r.get("type").asString();
                        Map<String, Value> props = kept(r.get("props").asMap(v -> v), List.of(type), options);
                        Map<String, Object> line = new LinkedHashMap<>();
                        long id = r.get("id").asLong();
                        line.put("id", Long.toString(id));
                        line.put("type", "relationship");
                        line.put("label", type);
                        putProperties(line, props, w.typeMap.computeIfAbsent("-[" + type + "]-", k -> new TreeMap<>()));
                        line.put("start", end(r.get("a").asLong(), r.get("al")));
                        line.put("end", end(r.get("b").asLong(), r.get("bl")));
                        bytes += write(out, line, props, options, "relationship " + id);
                        w.fingerprint.relationship(r.get("a").asLong(), type, props, r.get("b").asLong());
                        w.relationships++;
                        w.types.merge(type, 1L, Long::sum);
                        if ((w.relationships & 0xffff) == 0) {
                            progress.accept(w.nodes + w.relationships);
                        }
                    }
                    return bytes;
                });
        progress.accept(w.nodes + w.relationships);
        return w;
    }

    /**
     * One line into {@code out} (none when only the fingerprint is read: then the bytes are estimated from the
     * values, for the page's size); a line over the cap fails the backup now rather than the restore later.
     *
     * @return the line's bytes
     */
    private static long write(OutputStream out, Map<String, Object> line, Map<String, Value> props,
            ExportOptions options, String what) throws IOException {
        if (out == null) {
            return ValueSizes.estimate(props);
        }
        byte[] json = LINES.writeValueAsBytes(line);
        if (json.length > options.maxLineBytes()) {
            throw new BackupFailure(ErrorCode.BACKUP_FAILED, "The line of " + what + " would be " + json.length
                    + " bytes, more than a restore reads (backup.logical.max-line-bytes=" + options.maxLineBytes()
                    + "); nothing was published", "Line: " + json.length + " bytes | Limit: " + options.maxLineBytes()
                            + " bytes", "Raise backup.logical.max-line-bytes (the restoring service needs the same), "
                                    + "leave the property out (backup.logical.exclude-properties), or take a dump",
                    null);
        }
        out.write(json);
        out.write('\n');
        return json.length + 1L;
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
