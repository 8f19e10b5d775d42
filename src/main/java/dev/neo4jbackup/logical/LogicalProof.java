package dev.neo4jbackup.logical;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.roaringbitmap.longlong.Roaring64Bitmap;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Proof before destruction: reads a logical backup's file (ours, or APOC's {@code apoc.export.json.all} lines with
 * no header) once, streaming, before a restore clears or writes anything. Every line is parsed under a length cap,
 * every property decoded to a type Neo4j stores, every name checked as the import will send it; node ids are unique,
 * relationship ids are unique, every relationship's two nodes are in the file; the counts of what the file holds
 * equal its header's; the header's schema passes the allow-list and every statement is rebuilt. A file that fails
 * is refused with its line number and why, and nothing is touched.
 * <p>
 * Memory: one line at a time, plus the ids as compressed bitmaps (Roaring): a million node ids cost ~0.13 MB when
 * they are dense (a database's ids mostly are) and up to ~2 MB when scattered; relationship ids the same. A
 * relationship met before its nodes (not in our files nor APOC's, which write the nodes first) waits in a list of
 * 16 bytes a relationship until the end.
 */
public final class LogicalProof {

    /** A line a restore reads whole: 16 MiB (a 2 MB text or a 1,536-float embedding is far below). */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    /**
     * A file that passed: what it holds, for the import and the messages.
     *
     * @param header    our header, or null for an APOC file without one
     * @param idBytes   the heap the id sets took at the end
     * @param longestLine the longest line in bytes
     */
    public record Proven(Path file, LogicalHeader.Header header, long nodes, long relationships, long lines, long bytes,
            int longestLine, long idBytes, Duration took, int maxLineBytes, Map<String, Long> labels,
            Map<String, Long> types) {

        /** What the file holds, as graph stats (no schema: an APOC file has none; ours counts it in its header). */
        public GraphStats graph() {
            return header != null && header.graph() != null ? header.graph() : new GraphStats(nodes, relationships,
                    labels, types, 0, 0);
        }

        public boolean apoc() {
            return header == null;
        }

        /** One line for the restore's output. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "every line read (%d lines, %.1f MB; longest %d bytes) in %s s: "
                    + "%d nodes, %d relationships%s; ids unique, every relationship's nodes in the file, every value "
                    + "of a type Neo4j stores", lines, bytes / 1e6, longestLine, dev.neo4jbackup.format.Durations
                            .seconds(took), nodes, relationships, header == null ? " (an APOC file without a header: "
                                    + "no counts to compare)" : ", as its header counts");
        }
    }

    private LogicalProof() {
    }

    /** {@link #prove(Path, int)} with the default cap. */
    public static Proven prove(Path file) {
        return prove(file, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @throws BackupFailure LOGICAL_FORMAT_INVALID with the line and the reason; nothing was written
     */
    public static Proven prove(Path file, int maxLineBytes) {
        try (InputStream in = Files.newInputStream(file)) {
            return prove(file, in, maxLineBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Proven prove(Path file, InputStream in, int maxLineBytes) throws IOException {
        try {
            return proveLines(file, in, maxLineBytes);
        } catch (BackupFailure refused) {
            if (refused.code() != ErrorCode.LOGICAL_FORMAT_INVALID || refused.reason().contains("nothing was written")
                    || refused.reason().contains("before anything was written")) {
                throw refused;
            }
            throw new BackupFailure(refused.code(), refused.reason() + "; refused before anything was written",
                    refused.numbers(), refused.action(), refused.getCause());
        }
    }

    private static Proven proveLines(Path file, InputStream in, int maxLineBytes) throws IOException {
        long t0 = System.nanoTime();
        try (LineReader reader = new LineReader(in, maxLineBytes)) {
            LineReader.Line first = reader.next();
            boolean hasHeader = first != null && LogicalHeader.version(first.map()) > 0;
            LogicalHeader.Header header = hasHeader ? LogicalHeader.of(first.map()) : null;
            if (header != null) {
                // every statement is rebuilt here: a name the quoting function refuses stops the restore now
                header.schema().constraints().forEach(SchemaStatements::create);
                header.schema().indexes().forEach(SchemaStatements::create);
            }
            Tally tally = new Tally();
            long lines = hasHeader ? 1 : 0;
            for (LineReader.Line line = hasHeader ? reader.next() : first; line != null; line = reader.next()) {
                lines++;
                tally.accept(line);
            }
            tally.end();
            if (header != null) {
                compare(header, tally);
            }
            long idBytes = tally.nodeIds.getLongSizeInBytes() + tally.relationshipIds.getLongSizeInBytes();
            return new Proven(file, header, tally.nodes, tally.relationships, lines, reader.bytesRead(),
                    reader.longest(), idBytes, Duration.ofNanos(System.nanoTime() - t0), maxLineBytes,
                    java.util.Collections.unmodifiableMap(tally.labels), java.util.Collections.unmodifiableMap(
                            tally.types));
        }
    }

    /** What the file holds, counted as it is read. */
    private static final class Tally {
        final Roaring64Bitmap nodeIds = new Roaring64Bitmap();
        final Roaring64Bitmap relationshipIds = new Roaring64Bitmap();
        final Map<String, Long> labels = new TreeMap<>();
        final Map<String, Long> types = new TreeMap<>();
        long nodes;
        long relationships;
        /** endpoints met before their node: id, line number, pairs */
        long[] pending = new long[0];
        int pendingSize;

        void accept(LineReader.Line line) {
            if (line.isNode()) {
                long id = line.number(line.id(), "the node id");
                if (nodeIds.contains(id)) {
                    throw line.invalid("node id " + id + " appears twice (ids must be unique)");
                }
                nodeIds.addLong(id);
                List<String> labelsOf = line.labels();
                line.properties();
                nodes++;
                for (String label : labelsOf) {
                    labels.merge(label, 1L, Long::sum);
                }
            } else if (line.isRelationship()) {
                long id = line.number(line.id(), "the relationship id");
                if (relationshipIds.contains(id)) {
                    throw line.invalid("relationship id " + id + " appears twice (ids must be unique)");
                }
                relationshipIds.addLong(id);
                String type = line.relationshipType();
                endpoint(line, line.number(line.endId("start"), "the start node id"));
                endpoint(line, line.number(line.endId("end"), "the end node id"));
                line.properties();
                relationships++;
                types.merge(type, 1L, Long::sum);
            } else if (line.isMeta()) {
                throw line.invalid("a header line that is not the first line");
            } else {
                throw line.invalid("neither a node nor a relationship");
            }
        }

        private void endpoint(LineReader.Line line, long node) {
            if (nodeIds.contains(node)) {
                return;
            }
            if (pendingSize + 2 > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(16, pending.length * 2));
            }
            pending[pendingSize++] = node;
            pending[pendingSize++] = line.number();
        }

        void end() {
            for (int i = 0; i < pendingSize; i += 2) {
                if (!nodeIds.contains(pending[i])) {
                    throw new BackupFailure(ErrorCode.LOGICAL_FORMAT_INVALID, "Line " + pending[i + 1] + " of the "
                            + "logical backup: a relationship to node " + pending[i] + ", which is not in the file; "
                            + "refused before anything was written", "Line: " + pending[i + 1], ErrorCode
                                    .LOGICAL_FORMAT_INVALID.action(), null);
                }
            }
        }
    }

    private static void compare(LogicalHeader.Header header, Tally tally) {
        GraphStats counted = header.graph();
        if (counted == null) {
            throw new BackupFailure(ErrorCode.LOGICAL_FORMAT_INVALID, "Line 1 (the header) of the logical backup has "
                    + "no counts, which every export of this format writes; refused before anything was written");
        }
        StringBuilder off = new StringBuilder();
        differ(off, "nodes", counted.nodes(), tally.nodes);
        differ(off, "relationships", counted.relationships(), tally.relationships);
        for (String label : union(counted.labels(), tally.labels)) {
            differ(off, "label " + dev.neo4jbackup.neo4j.CypherNames.shown(label), counted.labels().getOrDefault(label,
                    0L), tally.labels.getOrDefault(label, 0L));
        }
        for (String type : union(counted.relationshipTypes(), tally.types)) {
            differ(off, "type " + dev.neo4jbackup.neo4j.CypherNames.shown(type), counted.relationshipTypes()
                    .getOrDefault(type, 0L), tally.types.getOrDefault(type, 0L));
        }
        if (off.length() > 0) {
            throw new BackupFailure(ErrorCode.LOGICAL_FORMAT_INVALID, "The logical backup's lines are not what its "
                    + "header counts (lines missing, added or changed); refused before anything was written",
                    off.toString(), ErrorCode.LOGICAL_FORMAT_INVALID.action(), null);
        }
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static void differ(StringBuilder out, String what, long header, long file) {
        if (header != file && out.length() < 2000) {
            out.append(out.length() == 0 ? "" : " | ").append(what).append(": header ").append(header).append(", file ")
                    .append(file);
        }
    }
}
