package dev.neo4jbackup.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The graph of large properties of issue 29 (the kind the JSON export managers were written for): 20,000
 * {@code Emb} nodes with a 1,536-double embedding {@code v} (12 KB each) and 200 {@code LongDoc} nodes with a
 * 2 MiB text each, an {@code ABOUT} relationship from each text to one embedding, a unique key {@code i} on both
 * labels (what a merge matches by). Made as the synthetic graphs are, from CSV with {@code neo4j-admin database
 * import full}; the embedding's values are those of {@code LargePropertiesHeapTest}, the texts seeded random
 * letters and spaces (a text of one repeated letter would let gzip skip the work a real text costs).
 */
final class LargePropertiesGraph {

    static final int EMBEDDINGS = 20_000;
    static final int DIMENSIONS = 1_536;
    static final int TEXTS = 200;
    static final int TEXT_CHARS = 2 * 1024 * 1024;

    long nodes() {
        return EMBEDDINGS + TEXTS;
    }

    /** One ABOUT per text. */
    long relationships() {
        return TEXTS;
    }

    /** What a restore must leave: the counts, and every text whole. */
    Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("nodes", nodes());
        counts.put("relationships", relationships());
        counts.put("Emb", (long) EMBEDDINGS);
        counts.put("LongDoc", (long) TEXTS);
        return counts;
    }

    /** Writes the CSV into {@code dir}, imports it into the (stopped) server's neo4j database, deletes the CSV. */
    void importInto(Neo4jServer server, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path embeddings = dir.resolve("emb.csv");
        Path texts = dir.resolve("docs.csv");
        Path about = dir.resolve("about.csv");
        writeEmbeddings(embeddings);
        writeTexts(texts);
        writeAbout(about);
        try {
            server.admin("database", "import", "full", "neo4j", "--overwrite-destination=true",
                    "--nodes=Emb=" + embeddings, "--nodes=LongDoc=" + texts, "--relationships=ABOUT=" + about)
                    .requireOk("neo4j-admin database import (large properties)");
        } finally {
            Files.deleteIfExists(embeddings);
            Files.deleteIfExists(texts);
            Files.deleteIfExists(about);
        }
    }

    /** After the start: the unique keys a merge matches nodes by (the import tool makes no constraints). */
    static void createConstraints(Neo4jServer server) {
        server.run("CREATE CONSTRAINT bench_emb_i IF NOT EXISTS FOR (n:Emb) REQUIRE n.i IS UNIQUE");
        server.run("CREATE CONSTRAINT bench_doc_i IF NOT EXISTS FOR (n:LongDoc) REQUIRE n.i IS UNIQUE");
    }

    /** The i-th embedding as the CSV's array cell: ((i + x) % 97) / 8 for x in 1..1536, ';' between. */
    static String embedding(int i) {
        StringBuilder cell = new StringBuilder(DIMENSIONS * 6);
        for (int x = 1; x <= DIMENSIONS; x++) {
            if (x > 1) {
                cell.append(';');
            }
            cell.append(((i + x) % 97) / 8.0);
        }
        return cell.toString();
    }

    private static void writeEmbeddings(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(":ID(Emb),i:int,v:double[]\n");
            for (int i = 0; i < EMBEDDINGS; i++) {
                out.write("e" + i + "," + i + "," + embedding(i) + "\n");
            }
        }
    }

    private static void writeTexts(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(29);
        char[] text = new char[TEXT_CHARS];
        try (BufferedWriter out = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.US_ASCII)) {
            out.write(":ID(LongDoc),i:int,text\n");
            for (int i = 0; i < TEXTS; i++) {
                for (int c = 0; c < TEXT_CHARS; c++) {
                    int r = random.nextInt(32); // a-z and, about one in six, a space: no quote, comma or newline
                    text[c] = r < 26 ? (char) ('a' + r) : ' ';
                }
                out.write("d" + i + "," + i + ",");
                out.write(text);
                out.write('\n');
            }
        }
    }

    private static void writeAbout(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(":START_ID(LongDoc),:END_ID(Emb),w:int\n");
            for (int i = 0; i < TEXTS; i++) {
                out.write("d" + i + ",e" + (i * 100) + "," + i + "\n");
            }
        }
    }
}
