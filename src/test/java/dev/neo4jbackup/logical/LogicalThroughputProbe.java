package dev.neo4jbackup.logical;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

/**
 * The numbers of docs/logical.md: export and import entities/s at 100k nodes and 100k relationships, against a
 * running Neo4j given by {@code -Dlogical.measure.uri=bolt://...} (no auth). Not part of the suite: skipped
 * without that property.
 */
@EnabledIfSystemProperty(named = "logical.measure.uri", matches = ".+")
class LogicalThroughputProbe {

    @Test
    void measure() throws Exception {
        try (Driver driver = GraphDatabase.driver(System.getProperty("logical.measure.uri"), AuthTokens.none());
                var session = driver.session(SessionConfig.forDatabase("neo4j"))) {
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
            session.run("UNWIND range(1, 50000) AS i CALL { WITH i CREATE (p:Person {name: 'p' + i, age: i % 90, "
                    + "born: date('1950-01-01') + duration({days: i % 20000}), score: i / 7.0})-[:WROTE {at: "
                    + "datetime('2020-01-01T00:00Z')}]->(:Post {title: 'post ' + i, tags: ['a', 'b']}) } "
                    + "IN TRANSACTIONS OF 10000 ROWS").consume();
            session.run("MATCH (p:Person) WITH p, p.age AS a CALL { WITH p, a MATCH (q:Person {age: (a + 1) % 90}) "
                    + "WITH p, q LIMIT 1 CREATE (p)-[:KNOWS]->(q) } IN TRANSACTIONS OF 10000 ROWS").consume();
            Path work = Files.createTempDirectory("logical-probe");
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long t0 = System.nanoTime();
            LogicalExporter.Exported exported = new LogicalExporter(driver).export("neo4j", work, new ExportOptions(
                    List.of(), List.of(), 20000), new LogicalExporter.About(Instant.now(), "probe", "probe", "5"),
                    done -> { });
            double exportS = (System.nanoTime() - t0) / 1e9;
            long entities = exported.facts().nodes() + exported.facts().relationships();
            long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
            long t1 = System.nanoTime();
            LogicalImporter.Imported imported = new LogicalImporter(driver, 5000).importFile(exported.file(), "neo4j",
                    LogicalImporter.Mode.CLEAR_FIRST, line -> { });
            double importS = (System.nanoTime() - t1) / 1e9;
            String after = new LogicalExporter(driver).fingerprint("neo4j", new ExportOptions(List.of(), List.of(),
                    20000)).value();
            System.out.printf("LOGICAL_PROBE: %d nodes, %d relationships, file %d MB; export %.1f s (%.0f entities/s, "
                    + "heap used after %d MB); import clear-first %.1f s (%.0f entities/s); fingerprint equal: %s%n",
                    exported.facts().nodes(), exported.facts().relationships(), Files.size(exported.file()) >> 20,
                    exportS, entities / exportS, heapMb, importS, (imported.nodes() + imported.relationships())
                            / importS, after.equals(exported.facts().fingerprint()));
        }
    }
}
