package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * The graph the JSON export managers were written for, inside the service's documented heap: 20,000 nodes with a
 * 1,536-float embedding and 200 nodes with a 2 MB text each, backed up (logical) and restored clear-first and by
 * merge in a child JVM with {@code -Xmx256m} (an OutOfMemoryError ends it: {@code ExitOnOutOfMemoryError}). Pages and
 * batches are sized by bytes. The graph comes back as exported: the clear-first restore's checks compare the content
 * fingerprint with the export's (a difference fails the restore), the merge's say whether the database holds exactly
 * the backup's graph again, and the child prints both checks for the test to read; the test itself only counts (a
 * fingerprint of its own would read the 590 MB over Bolt twice more). On a server of its own: its 650 MB store is
 * nothing to give the shared server's later dumps. The child runs with C2 (the service's JIT): this is its slowest
 * test, and C1 alone doubles the JSON work.
 */
class LargePropertiesHeapTest {

    @TempDir
    Path storage;

    @Test
    void embeddingsAndLongTextsBackUpAndRestoreInBothModesInside256MbOfHeap() throws Exception {
        try (Neo4jServer server = Neo4jServer.start("large-properties")) {
            server.run("CREATE CONSTRAINT emb_i FOR (n:Emb) REQUIRE n.i IS UNIQUE");
            server.run("CREATE CONSTRAINT doc_i FOR (n:LongDoc) REQUIRE n.i IS UNIQUE");
            for (int b = 0; b < 20; b++) {
                server.run("UNWIND range($from, $from + 999) AS i CREATE (:Emb {i: i, v: [x IN range(1, 1536) | "
                        + "((i + x) % 97) / 8.0]})", Map.of("from", b * 1000));
            }
            for (int b = 0; b < 10; b++) {
                server.run("UNWIND range($from, $from + 19) AS i CREATE (:LongDoc {i: i, text: reduce(s = '', k IN "
                        + "range(1, 16) | s + $chunk)})", Map.of("from", b * 20, "chunk", "x".repeat(128 * 1024)));
            }
            server.run("MATCH (d:LongDoc), (e:Emb) WHERE e.i = d.i * 100 CREATE (d)-[:ABOUT {w: d.i}]->(e)");

            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), Child.class.getName(), storage.toString(),
                    server.dir().toString(), Integer.toString(server.boltPort())));
            Path log = storage.resolve("child.log");
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("the child ends").isTrue();
            } finally {
                child.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(child.exitValue()).as(tail(output)).isZero();
            assertThat(output).contains("CHILD_DONE").doesNotContain("OutOfMemoryError");
            output.lines().filter(l -> l.startsWith("CHILD_")).forEach(System.out::println);
            assertThat(output).contains("CHILD_CLEAR_FIRST_CHECK: Health check: content_fingerprint ... PASS")
                    .contains("CHILD_MERGE_CHECK: Health check: content_fingerprint ... PASS")
                    .contains("after the merge the database holds exactly the backup's graph");
            assertThat(server.count("MATCH (n:Emb) RETURN count(n)")).isEqualTo(20_000);
            assertThat(server.count("MATCH (n:LongDoc) WHERE size(n.text) = 2097152 RETURN count(n)")).isEqualTo(200);
            assertThat(server.count("MATCH (:LongDoc)-[r:ABOUT]->(:Emb) RETURN count(r)")).isEqualTo(200);
        }
    }

    /** What says why: the child's own lines and the first lines of each exception, not Netty's stack. */
    private static String tail(String text) {
        return String.join("\n", text.lines().filter(l -> !l.startsWith("\t") && !l.startsWith("    at ")
                && (l.contains("CHILD_") || l.contains("Exception") || l.contains("Error") || l.contains("FAILED")
                        || l.contains("LOGICAL_") || l.startsWith("Caused by"))).limit(60).toList());
    }

    /** The service's backup and both restores, wired as the service wires them, in a 256 MB heap. */
    public static final class Child {
        public static void main(String[] args) {
            Neo4jServer server = Neo4jServer.attach("large-properties", Path.of(args[1]), Integer.parseInt(args[2]));
            RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, Path.of(args[0]))
                    .stopMode(StopMode.NONE).set("kind", "logical"));
            long t0 = System.nanoTime();
            String id = restore.backup();
            long exported = System.nanoTime();
            System.out.printf("CHILD_EXPORT: %d ms, peak heap %d MB%n", (exported - t0) / 1_000_000, peakMb());
            RestoreResult clearFirst = restore.restorer.restore(new RestoreRequest(id, null, null, false, false,
                    false, Mode.CLEAR_FIRST), Confirmer.YES);
            long cleared = System.nanoTime();
            System.out.printf("CHILD_CLEAR_FIRST: %d ms, peak heap %d MB%n", (cleared - exported) / 1_000_000,
                    peakMb());
            printFingerprintCheck("CHILD_CLEAR_FIRST_CHECK", clearFirst);
            // a tenth of the graph lost, both kinds of node; deleted a few at a time (a deleted node's properties
            // are in its transaction's state)
            server.run("MATCH (n) WHERE n.i % 10 = 0 CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 50 ROWS");
            long lost = System.nanoTime();
            RestoreResult merged = restore.restorer.restore(new RestoreRequest(id, null, null, false, false, false,
                    Mode.MERGE), Confirmer.YES);
            System.out.printf("CHILD_MERGE: %d ms, peak heap %d MB%n", (System.nanoTime() - lost) / 1_000_000,
                    peakMb());
            printFingerprintCheck("CHILD_MERGE_CHECK", merged);
            System.out.println("CHILD_DONE");
            System.exit(0);
        }

        static void printFingerprintCheck(String prefix, RestoreResult result) {
            result.checks().stream().filter(c -> LogicalChecks.FINGERPRINT.equals(c.name())).forEach(c -> System.out
                    .println(prefix + ": " + c.line()));
        }

        static long peakMb() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak / (1024 * 1024);
        }
    }
}
