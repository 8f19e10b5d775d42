package dev.neo4jbackup.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The proof a restore runs before it touches anything, over files as a bad day makes them: each refused with its
 * line number and why, in bounded memory (a 300 MB line is refused at the cap without being read whole). The
 * restore's side (the database untouched, both modes) is {@code restore.ProofBeforeDestructionTest}.
 */
class LogicalProofTest {

    @TempDir
    Path dir;

    static String header(long nodes, long relationships, String labels, String types) {
        return "{\"type\":\"meta\",\"format\":\"neo4j-backup-logical/2\",\"source\":\"t\",\"counts\":{\"nodes\":" + nodes
                + ",\"relationships\":" + relationships + ",\"labels\":{" + labels + "},\"relationshipTypes\":{" + types
                + "}},\"schema\":{\"constraints\":[],\"indexes\":[]}}";
    }

    static final String A = "{\"type\":\"node\",\"id\":\"1\",\"labels\":[\"P\"],\"properties\":{\"name\":\"a\"}}";
    static final String B = "{\"type\":\"node\",\"id\":\"2\",\"labels\":[\"P\"],\"properties\":{\"v\":[1.5,2.5]}}";
    static final String R = "{\"id\":\"7\",\"type\":\"relationship\",\"label\":\"K\",\"properties\":{\"w\":1},"
            + "\"start\":{\"id\":\"1\",\"labels\":[\"P\"]},\"end\":{\"id\":\"2\",\"labels\":[\"P\"]}}";
    static final String HEADER = header(2, 1, "\"P\":2", "\"K\":1");

    private Path file(String... lines) throws Exception {
        return Files.writeString(dir.resolve("f" + System.nanoTime() + ".jsonl"), String.join("\n", lines) + "\n");
    }

    private BackupFailure refused(Path file) {
        return refused(file, LogicalProof.DEFAULT_MAX_LINE_BYTES);
    }

    private BackupFailure refused(Path file, int cap) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> LogicalProof.prove(file, cap));
        assertThat(thrown).isInstanceOf(BackupFailure.class);
        BackupFailure failure = (BackupFailure) thrown;
        assertThat(failure.code()).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID);
        assertThat(failure.reason()).contains("before anything was written");
        return failure;
    }

    @Test
    void aGoodFileAndAHeaderlessApocFilePass() throws Exception {
        LogicalProof.Proven ours = LogicalProof.prove(file(HEADER, A, B, R));
        assertThat(ours.nodes()).isEqualTo(2);
        assertThat(ours.relationships()).isEqualTo(1);
        assertThat(ours.apoc()).isFalse();
        assertThat(ours.summary()).contains("2 nodes, 1 relationships", "as its header counts");
        LogicalProof.Proven apoc = LogicalProof.prove(file(A, B, R));
        assertThat(apoc.apoc()).isTrue();
        assertThat(apoc.nodes()).isEqualTo(2);
    }

    @Test
    void eachBadLineIsRefusedWithItsNumberAndWhy() throws Exception {
        assertThat(refused(file(HEADER.replace("\"constraints\":[]", "\"constraints\":[42]"), A, B, R)).reason())
                .contains("Line 1 (the header)");
        assertThat(refused(file(HEADER, A, "{\"type\":\"node\",\"id\":", B, R)).reason())
                .contains("Line 3 of the logical backup: not JSON");
        assertThat(refused(file(HEADER, A, B.replace("[1.5,2.5]", "{\"nested\":1}"), R)).reason())
                .contains("Line 3", "property 'v'", "a map");
        assertThat(refused(file(HEADER, A, B.replace("[1.5,2.5]", "[1,\"x\"]"), R)).reason())
                .contains("Line 3", "mixed types");
        assertThat(refused(file(HEADER, A, B.replace("[1.5,2.5]", "[[1],[2]]"), R)).reason())
                .contains("Line 3", "a list holding a list");
        assertThat(refused(file(HEADER, A, B.replace("[1.5,2.5]", "123456789012345678901234567890"), R)).reason())
                .contains("Line 3", "beyond Neo4j's 64-bit");
        assertThat(refused(file(HEADER, A, B.replace("[1.5,2.5]", "\"x\"},\"types\":{\"v\":\"date\""), R)).reason())
                .contains("Line 3", "property 'v'");
        String deep = "[".repeat(501) + "]".repeat(501);
        assertThat(refused(file(HEADER, A, B.replace("[1.5,2.5]", deep), R)).reason()).contains("Line 3");
        assertThat(refused(file(HEADER, A, B, R.replace("\"end\":{\"id\":\"2\"", "\"end\":{\"id\":\"99\""))).reason())
                .contains("Line 4", "node 99, which is not in the file");
        assertThat(refused(file(HEADER, A, A, R)).reason()).contains("Line 3", "node id 1 appears twice");
        assertThat(refused(file(header(2, 2, "\"P\":2", "\"K\":2"), A, B, R, R)).reason())
                .contains("Line 5", "relationship id 7 appears twice");
        assertThat(refused(file(HEADER, A, B.replace("\"id\":\"2\"", "\"id\":\"two\""), R)).reason())
                .contains("Line 3", "not a whole number");
        assertThat(refused(file(HEADER, A, B.replace("\"P\"", "\"\""), R)).reason())
                .contains("Line 3", "empty or holds NUL");
        BackupFailure counts = refused(file(HEADER, A, R.replace("\"id\":\"2\"", "\"id\":\"1\"")));
        assertThat(counts.reason()).contains("not what its header counts");
        assertThat(counts.numbers()).contains("nodes: header 2, file 1", "label 'P': header 2, file 1");
        assertThat(refused(file(HEADER, A, B, R, HEADER)).reason()).contains("Line 5", "header line");
    }

    /** The 300 MB line of a 1.3 MB .jsonl.gz: refused when the cap is passed, never read whole (no OutOfMemoryError). */
    @Test
    void aLineOverTheCapIsRefusedAtTheCapWithoutReadingItWhole() throws Exception {
        long huge = 300L * 1024 * 1024;
        byte[] start = (HEADER + "\n" + A + "\n{\"type\":\"node\",\"id\":\"2\",\"labels\":[\"P\"],\"properties\":{\"s\":\"")
                .getBytes(StandardCharsets.UTF_8);
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return served[0] < start.length ? start[(int) served[0]++] : served[0]++ < huge ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> LogicalProof.prove(dir.resolve("huge"),
                endless, LogicalProof.DEFAULT_MAX_LINE_BYTES));
        assertThat(thrown).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.reason()).contains("Line 3 of the logical backup is longer than 16777216 bytes",
                    "backup.logical.max-line-bytes");
            assertThat(f.numbers()).contains("Line: 3");
        });
        assertThat(served[0]).as("read only up to the cap").isLessThan(20L * 1024 * 1024);
    }

    /** A 2 MB text and a 1,536-float embedding are far below the default cap; a small cap refuses them. */
    @Test
    void largePropertiesPassUnderTheDefaultCap() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(header(2, 0, "\"P\":2", ""));
        lines.add("{\"type\":\"node\",\"id\":\"1\",\"labels\":[\"P\"],\"properties\":{\"t\":\"" + "x".repeat(2_000_000)
                + "\"}}");
        StringBuilder embedding = new StringBuilder("[");
        for (int i = 0; i < 1536; i++) {
            embedding.append(i == 0 ? "" : ",").append(i / 1536.0);
        }
        lines.add("{\"type\":\"node\",\"id\":\"2\",\"labels\":[\"P\"],\"properties\":{\"e\":" + embedding + "]}}");
        Path file = file(lines.toArray(String[]::new));
        LogicalProof.Proven proven = LogicalProof.prove(file);
        assertThat(proven.longestLine()).isGreaterThan(2_000_000);
        assertThat(refused(file, 1024 * 1024).reason()).contains("Line 2", "longer than 1048576 bytes");
    }

    /** The id sets are compressed bitmaps: a million dense ids take a fraction of a megabyte. */
    @Test
    void idsCostLittleMemory() throws Exception {
        int n = 200_000;
        StringBuilder text = new StringBuilder(header(n, 0, "\"P\":" + n, "")).append('\n');
        for (int i = 0; i < n; i++) {
            text.append("{\"type\":\"node\",\"id\":\"").append(i).append("\",\"labels\":[\"P\"]}\n");
        }
        Path file = Files.writeString(dir.resolve("many.jsonl"), text);
        LogicalProof.Proven proven = LogicalProof.prove(file);
        assertThat(proven.nodes()).isEqualTo(n);
        assertThat(proven.idBytes()).as("bytes for %d dense ids", n).isLessThan(100_000);
    }

    @Test
    void boundedLinesCountBlankLinesAndCarriageReturns() throws Exception {
        Path file = Files.writeString(dir.resolve("crlf.jsonl"), HEADER + "\r\n\r\n" + A + "\r\n" + B + "\n" + R);
        LogicalProof.Proven proven = LogicalProof.prove(file);
        assertThat(proven.relationships()).isEqualTo(1);
        assertThat(refused(Files.writeString(dir.resolve("crlf2.jsonl"), HEADER + "\r\n\r\n" + A + "\r\n{x}\n")).reason())
                .contains("Line 4");
    }
}
