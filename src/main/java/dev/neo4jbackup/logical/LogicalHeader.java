package dev.neo4jbackup.logical;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The first line of a logical backup, read on its own: is this our format, what does it hold, and is its
 * schema one the import may rebuild ({@link SchemaEntries}). Validation reads it before a restore touches
 * anything; the numbers in it are compared with the manifest's.
 */
public final class LogicalHeader {

    /** The current format: the schema as fields. Format 1 held Neo4j's create statements. */
    public static final String FORMAT = "neo4j-backup-logical/2";
    static final String FORMAT_1 = "neo4j-backup-logical/1";
    /** A header line is a few KB; a "first line" of megabytes is not ours. */
    private static final int MAX_CHARS = 16 * 1024 * 1024;

    /**
     * A header that passed: its version, its fields as read, and its schema as entries.
     *
     * @param fields the header's JSON object
     */
    public record Header(int version, Map<String, Object> fields, SchemaEntries.Accepted schema) {

        public String format() {
            return String.valueOf(fields.get("format"));
        }

        /** The fingerprint the export computed, or null when the header has none. */
        public String fingerprint() {
            return fields.get("fingerprint") instanceof String s ? s : null;
        }

        /** The counts of what the file holds, as a manifest's graph; null when the header has none. */
        public GraphStats graph() {
            if (!(fields.get("counts") instanceof Map<?, ?> c) || !(c.get("nodes") instanceof Number n)
                    || !(c.get("relationships") instanceof Number r)) {
                return null;
            }
            int indexes = c.get("indexes") instanceof Number i ? i.intValue()
                    : schema.indexes().size() + (int) schema.constraints().stream().filter(e -> e.kind()
                            == SchemaEntry.Kind.UNIQUENESS || e.kind() == SchemaEntry.Kind.KEY).count();
            int constraints = c.get("constraints") instanceof Number k ? k.intValue() : schema.constraints().size();
            return new GraphStats(n.longValue(), r.longValue(), longs(c.get("labels")), longs(c.get(
                    "relationshipTypes")), indexes, constraints);
        }

        /** What a manifest records of a logical export, from the header alone (a bundled file has no manifest). */
        public Manifest.Logical facts() {
            GraphStats graph = graph();
            Map<?, ?> consistency = fields.get("consistency") instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> exclusions = fields.get("exclusions") instanceof Map<?, ?> m ? m : Map.of();
            return new Manifest.Logical(Boolean.TRUE.equals(consistency.get("consistent")), text(consistency.get(
                    "evidence")), text(consistency.get("txBefore")), text(consistency.get("txAfter")), null, null,
                    strings(exclusions.get("properties")), strings(exclusions.get("labels")), graph == null ? 0
                            : graph.nodes(), graph == null ? 0 : graph.relationships(), fingerprint());
        }

        /** One line for the validation's checks. */
        public String summary() {
            GraphStats g = graph();
            return format() + " of " + fields.get("database") + " taken " + fields.get("created") + ", "
                    + (g == null ? "no counts" : g.nodes() + " nodes, " + g.relationships() + " relationships")
                    + "; schema: " + schema.constraints().size() + " constraints, " + schema.indexes().size()
                    + " indexes, each of an allowed kind" + (version == 1 ? " (read from format 1 statements)" : "");
        }
    }

    private LogicalHeader() {
    }

    /**
     * @return the format version of a first line: 2 or 1 for ours, 0 when it is not a header at all (an APOC
     *         file starts with a node)
     * @throws BackupFailure LOGICAL_FORMAT_INVALID for a header line of another format
     */
    static int version(Map<String, Object> first) {
        if (!"meta".equals(first.get("type"))) {
            return 0;
        }
        Object format = first.get("format");
        if (FORMAT.equals(format)) {
            return 2;
        }
        if (FORMAT_1.equals(format)) {
            return 1;
        }
        throw new NotAHeader("Line 1 of the logical backup is a header of the format " + SchemaOptions.shown(format)
                + ", not " + FORMAT + " or " + FORMAT_1);
    }

    /** A checked header line: our format, its schema accepted. */
    static Header of(Map<String, Object> first) {
        int version = version(first);
        if (version == 0) {
            throw new NotAHeader("Line 1 of the logical backup is not a " + FORMAT + " header");
        }
        SchemaEntries.Result schema = SchemaEntries.parse(first.get("schema"), version);
        if (schema instanceof SchemaEntries.Refused refused) {
            throw refused.failure();
        }
        return new Header(version, first, (SchemaEntries.Accepted) schema);
    }

    /**
     * Reads and checks the first line of {@code file}.
     *
     * @throws BackupFailure LOGICAL_FORMAT_INVALID: no JSON, not our header, or a schema that is refused
     */
    public static Header read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same from a reader at the start of the file (a gzipped bundle, read through its decompressor). */
    public static Header read(java.io.Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.length() >= MAX_CHARS) {
                throw invalid("the first line is longer than " + MAX_CHARS + " characters");
            }
            line.append((char) c);
        }
        Object parsed;
        try {
            parsed = LogicalExporter.LINES.readValue(line.toString(), Object.class);
        } catch (RuntimeException e) {
            throw invalid("the first line is not JSON");
        }
        if (!(parsed instanceof Map<?, ?> h)) {
            throw invalid("the first line is not a " + FORMAT + " header");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) h;
        return of(header);
    }

    private static BackupFailure invalid(String why) {
        return new NotAHeader("Line 1 of the logical backup: " + why);
    }

    /** The first line is no header of ours at all (not JSON, another format, an APOC file's node line). */
    public static final class NotAHeader extends BackupFailure {
        private static final long serialVersionUID = 1L;

        NotAHeader(String reason) {
            super(ErrorCode.LOGICAL_FORMAT_INVALID, reason);
        }
    }

    private static Map<String, Long> longs(Object value) {
        Map<String, Long> out = new TreeMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String key && v instanceof Number n) {
                    out.put(key, n.longValue());
                }
            });
        }
        return out;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().filter(String.class::isInstance).map(String.class::cast)
                .toList() : List.of();
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
