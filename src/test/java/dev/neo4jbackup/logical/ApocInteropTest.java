package dev.neo4jbackup.logical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Record;

import dev.neo4jbackup.testing.ApocNeo4j;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * Interoperability with APOC core, on one test Neo4j with APOC in its plugins for the class: our export,
 * without its header line ({@code tail -n +2}, what docs/logical-format.md tells a user to do), loads with
 * {@code apoc.import.json} with the same counts and values; a file of {@code apoc.export.json.all} restores
 * with our importer with the same counts and the same typed content fingerprint (basic types). The same
 * server proves the fixture ({@link ApocNeo4j}): one APOC start for all the APOC tests.
 */
class ApocInteropTest {

    private static Neo4jServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(ApocNeo4j.available(), ApocNeo4j::unavailableReason);
        server = ApocNeo4j.start("apoc-interop");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Basic types only: what both sides write and read as JSON's own (APOC knows no type map). */
    @BeforeEach
    void graph() {
        server.run("MATCH (n) DETACH DELETE n");
        ApocNeo4j.dropImportConstraints(server);
        server.run("UNWIND range(1, 200) AS i CREATE (:Person {id: i, name: 'p' + i, score: i * 1.5, "
                + "tags: ['a', 'b'], ranks: [i, i + 1], active: i % 2 = 0, quote: 'say \"hi\"\\n'})");
        server.run("MATCH (a:Person), (b:Person) WHERE b.id = a.id + 1 CREATE (a)-[:KNOWS {since: a.id, w: 0.25}]->(b)");
        server.run("MATCH (a:Person) WHERE a.id <= 50 CREATE (a)-[:OWNS]->(:Pet:Animal {name: 'pet' + a.id})");
    }

    private String fingerprint() {
        return new LogicalExporter(server.driver()).fingerprint("neo4j", new ExportOptions(List.of(), List.of(), 1000))
                .value();
    }

    private List<String> labels() {
        return server.run("CALL db.labels() YIELD label RETURN label").stream().map(r -> r.get("label").asString())
                .toList();
    }

    @Test
    void ourExportWithoutItsHeaderLineLoadsWithApocImportJson() throws Exception {
        LogicalExporter.Exported exported = new LogicalExporter(server.driver()).export("neo4j", work,
                new ExportOptions(List.of(), List.of(), 100), new LogicalExporter.About(Instant.now(), "interop",
                        "test", "5"), done -> { });
        List<String> lines = Files.readAllLines(exported.file(), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("{\"type\":\"meta\"");
        // what a user does: `tail -n +2 neo4j.jsonl > import/graph.json` (APOC refuses the header's type)
        Path file = ApocNeo4j.importDir(server).resolve("ours.json");
        Files.write(file, lines.subList(1, lines.size()), StandardCharsets.UTF_8);
        Map<String, Object> before = snapshot();
        List<String> labels = labels();
        try {
            server.run("MATCH (n) DETACH DELETE n");
            ApocNeo4j.importConstraints(server, labels);
            Record imported = server.run("CALL apoc.import.json($file) YIELD nodes, relationships "
                    + "RETURN nodes, relationships", Map.of("file", "ours.json")).get(0);
            assertThat(imported.get("nodes").asLong()).isEqualTo(exported.graph().nodes()).isEqualTo(250);
            assertThat(imported.get("relationships").asLong()).isEqualTo(exported.graph().relationships())
                    .isEqualTo(249);
            ApocNeo4j.dropImportConstraints(server);
            server.run("MATCH (n) REMOVE n.neo4jImportId");
            assertThat(snapshot()).isEqualTo(before);
            // APOC writes back JSON's own types: for these the typed fingerprint is the same as well
            assertThat(fingerprint()).isEqualTo(exported.facts().fingerprint());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anApocExportJsonAllFileRestoresWithOurImporter() throws Exception {
        String before = fingerprint();
        Map<String, Object> values = snapshot();
        Path inServer = ApocNeo4j.importDir(server).resolve("apoc.json");
        Record exported = server.run("CALL apoc.export.json.all($file, {jsonFormat: 'JSON_LINES'}) "
                + "YIELD nodes, relationships RETURN nodes, relationships", Map.of("file", "apoc.json")).get(0);
        assertThat(exported.get("nodes").asLong()).isEqualTo(250);
        Path file = Files.move(inServer, work.resolve("apoc.json"));
        assertThat(Files.readAllLines(file).get(0)).startsWith("{\"type\":\"node\"");
        server.run("CREATE (:Stray {x: 1})");
        LogicalImporter.Imported imported = new LogicalImporter(server.driver(), 100).importFile(file, "neo4j",
                LogicalImporter.Mode.CLEAR_FIRST, line -> { });
        assertThat(imported.nodes()).isEqualTo(250);
        assertThat(imported.relationships()).isEqualTo(249);
        assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(250);
        assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(249);
        assertThat(snapshot()).isEqualTo(values);
        assertThat(fingerprint()).isEqualTo(before);
        assertThat(server.count("MATCH (n) WHERE n.__backup_import_id IS NOT NULL RETURN count(n)")).isZero();
    }

    /** The fixture itself: APOC streams the whole graph as JSON lines to the client, nodes first. */
    @Test
    void apocExportsTheWholeGraphAsJsonLinesToTheClient() throws Exception {
        Record row = server.run("CALL apoc.export.json.all(null, {stream: true, jsonFormat: 'JSON_LINES'}) "
                + "YIELD nodes, relationships, data RETURN nodes, relationships, data").get(0);
        assertThat(row.get("nodes").asLong()).isEqualTo(250);
        assertThat(row.get("relationships").asLong()).isEqualTo(249);
        List<String> lines = row.get("data").asString().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(499);
        assertThat(lines.get(0)).contains("\"type\":\"node\"", "\"labels\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"relationship\"", "\"start\":{\"id\"");
    }

    /** Counts per label and type and a few values, with their Java types (Long stays Long, Double Double). */
    private Map<String, Object> snapshot() {
        Record p = server.run("MATCH (p:Person {id: 7}) RETURN p.name AS name, p.score AS score, p.tags AS tags, "
                + "p.ranks AS ranks, p.active AS active, p.quote AS quote").get(0);
        Record k = server.run("MATCH (:Person {id: 7})-[k:KNOWS]->(b) RETURN k.since AS since, k.w AS w, b.id AS b")
                .get(0);
        return Map.ofEntries(Map.entry("persons", server.count("MATCH (n:Person) RETURN count(n)")),
                Map.entry("pets", server.count("MATCH (n:Pet:Animal) RETURN count(n)")),
                Map.entry("knows", server.count("MATCH (:Person)-[r:KNOWS]->(:Person) RETURN count(r)")),
                Map.entry("owns", server.count("MATCH (:Person)-[r:OWNS]->(:Pet) RETURN count(r)")),
                Map.entry("name", p.get("name").asObject()), Map.entry("score", p.get("score").asObject()),
                Map.entry("tags", p.get("tags").asObject()), Map.entry("ranks", p.get("ranks").asObject()),
                Map.entry("active", p.get("active").asObject()), Map.entry("quote", p.get("quote").asObject()),
                Map.entry("since", k.get("since").asObject()), Map.entry("w", k.get("w").asObject()),
                Map.entry("next", k.get("b").asObject()));
    }
}
