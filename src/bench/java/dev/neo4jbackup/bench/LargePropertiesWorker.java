package dev.neo4jbackup.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.logical.LogicalProof;
import dev.neo4jbackup.neo4j.BoltProbe;

/**
 * The restores of the large-properties rows, inside {@link ServiceWorker}'s JVM (the harness gives it
 * {@code -Xmx256m}): what the service's logical restore does after its validation, as the ordinary import row does
 * it: the archive unpacked, the whole file proven ({@link LogicalProof}), then imported by
 * {@link LogicalImporter} with the service's byte-bounded batches. Clear-first into the database that holds the
 * graph; merge after a tenth of both kinds of node was deleted (not timed), as a user who lost part of a graph
 * would run it. The counts must then be the generated graph's, every text whole (a merge that duplicated anything
 * fails the row).
 */
final class LargePropertiesWorker {

    /** A tenth of the graph lost, a few nodes per transaction (a deleted node's properties are in its state). */
    private static final String LOSE_A_TENTH = "MATCH (n) WHERE n.i % 10 = 0 "
            + "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 50 ROWS";

    private LargePropertiesWorker() {
    }

    /** large-restore &lt;clear-first|merge&gt; &lt;archive&gt; &lt;work&gt; &lt;bolt&gt; &lt;batch size&gt; */
    static void restore(LogicalImporter.Mode mode, Path archive, Path work, String bolt, int batchSize,
            Map<String, Long> result) throws Exception {
        LargePropertiesGraph graph = new LargePropertiesGraph();
        try (Driver driver = ServiceWorker.driver(bolt); Session session = driver.session()) {
            new BoltProbe(driver).answers("neo4j");
            if (mode == LogicalImporter.Mode.MERGE) {
                session.run(LOSE_A_TENTH).consume();
                result.put("lostNodes", graph.nodes() - count(session, "MATCH (n) RETURN count(n)"));
            }
            Stopwatch clock = new Stopwatch();
            Files.createDirectories(work);
            Path jsonl = work.resolve("neo4j.jsonl");
            ServiceWorker.unpack(archive, jsonl);
            result.put("unpackMs", clock.ms());
            long proofStart = clock.ms();
            LogicalProof.Proven proven = LogicalProof.prove(jsonl);
            result.put("proofMs", clock.ms() - proofStart);
            result.put("proofIdBytes", proven.idBytes());
            LogicalImporter.Imported imported = new LogicalImporter(driver, batchSize).importFile(proven, "neo4j",
                    mode, System.out::println);
            result.put("wallMs", clock.ms());
            result.put("importMs", imported.took().toMillis());
            result.put("nodes", imported.nodes());
            result.put("relationships", imported.relationships());
            result.put("entitiesPerSecond", Math.round(imported.perSecond()));
            result.put("downtimeMs", 0L);
            result.put("storedBytes", Files.size(archive));
            result.put("rawBytes", Files.size(jsonl));
            check(session, graph);
            Files.delete(jsonl);
        }
    }

    private static void check(Session session, LargePropertiesGraph graph) {
        Map<String, Long> expected = graph.expectedCounts();
        Map<String, Long> observed = Map.of(
                "nodes", count(session, "MATCH (n) RETURN count(n)"),
                "relationships", count(session, "MATCH ()-[r]->() RETURN count(r)"),
                "Emb", count(session, "MATCH (n:Emb) WHERE size(n.v) = " + LargePropertiesGraph.DIMENSIONS
                        + " RETURN count(n)"),
                "LongDoc", count(session, "MATCH (n:LongDoc) WHERE size(n.text) = "
                        + LargePropertiesGraph.TEXT_CHARS + " RETURN count(n)"));
        expected.forEach((key, value) -> {
            if (!value.equals(observed.get(key))) {
                throw new IllegalStateException("large properties restored " + observed + ", expected " + expected);
            }
        });
    }

    private static long count(Session session, String cypher) {
        return session.run(cypher).single().get(0).asLong();
    }
}
