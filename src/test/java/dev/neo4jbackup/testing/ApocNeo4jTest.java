package dev.neo4jbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The APOC fixture works: a test Neo4j with APOC core streams the whole graph as JSON lines
 * ({@code apoc.export.json.all} with {@code stream: true}), writes it as a file into its import folder, and
 * {@code apoc.import.json} imports such a file into an empty database with the same counts. One server for the
 * class.
 */
class ApocNeo4jTest {

    private static Neo4jServer server;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(ApocNeo4j.available(), ApocNeo4j::unavailableReason);
        server = ApocNeo4j.start("apoc");
    }

    /** Each test starts from the same graph: the import test empties the database. */
    @BeforeEach
    void graph() {
        server.run("MATCH (n) DETACH DELETE n");
        server.run("UNWIND range(1, 100) AS i CREATE (:Person {id: i, name: 'p' + i, score: i * 1.5, "
                + "tags: ['a', 'b'], active: i % 2 = 0})");
        server.run("MATCH (a:Person), (b:Person) WHERE b.id = a.id + 1 CREATE (a)-[:KNOWS {since: a.id}]->(b)");
        server.run("MATCH (a:Person) WHERE a.id <= 50 CREATE (a)-[:OWNS]->(:Pet:Animal {name: 'pet' + a.id})");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void exportsTheWholeGraphAsJsonLinesToTheClient() throws Exception {
        Record row = server.run("CALL apoc.export.json.all(null, {stream: true, jsonFormat: 'JSON_LINES'}) "
                + "YIELD nodes, relationships, data RETURN nodes, relationships, data").get(0);
        assertThat(row.get("nodes").asLong()).isEqualTo(150);
        assertThat(row.get("relationships").asLong()).isEqualTo(149);
        List<String> lines = row.get("data").asString().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(299);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("type").asText()).isEqualTo("node");
        assertThat(first.has("labels")).isTrue();
        JsonNode relationship = json.readTree(lines.get(lines.size() - 1));
        assertThat(relationship.get("type").asText()).isEqualTo("relationship");
        assertThat(relationship.get("start").has("id")).isTrue();
    }

    @Test
    void importsAnExportedFileIntoAnEmptyDatabase() throws Exception {
        String data = server.run("CALL apoc.export.json.all(null, {stream: true}) YIELD data RETURN data").get(0)
                .get("data").asString();
        Path file = ApocNeo4j.importDir(server).resolve("graph.json");
        Files.writeString(file, data);
        try {
            List<String> labels = server.run("CALL db.labels() YIELD label RETURN label").stream()
                    .map(r -> r.get("label").asString()).toList();
            server.run("MATCH (n) DETACH DELETE n");
            ApocNeo4j.importConstraints(server, labels);
            Record imported = server.run("CALL apoc.import.json($file) YIELD nodes, relationships "
                    + "RETURN nodes, relationships", Map.of("file", "graph.json")).get(0);
            assertThat(imported.get("nodes").asLong()).isEqualTo(150);
            assertThat(imported.get("relationships").asLong()).isEqualTo(149);
            assertThat(server.count("MATCH (n:Person) RETURN count(n)")).isEqualTo(100);
            assertThat(server.count("MATCH (:Person)-[r:KNOWS]->(:Person) RETURN count(r)")).isEqualTo(99);
            assertThat(server.count("MATCH (p:Pet:Animal) RETURN count(p)")).isEqualTo(50);
            assertThat(server.run("MATCH (p:Person {id: 7}) RETURN p.name AS n, p.score AS s").get(0)
                    .get("s").asDouble()).isEqualTo(10.5);
        } finally {
            Files.deleteIfExists(file);
            ApocNeo4j.dropImportConstraints(server);
        }
    }
}
