package dev.neo4jbackup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Database names in requests are checked before anything runs, over real HTTP: {@code NEO4J} (which Neo4j
 * folds to {@code neo4j}, making an archive no listing, prune or restore sees) and a traversal name are
 * 400 INVALID_INPUT with the name meant. No Neo4j is needed: nothing may get as far as one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDatabaseNameTest {

    static final String PASSWORD = "s3cret-operator-pw";
    static final Path STORAGE = BackupApiTest.tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("backup.sandbox.enabled", () -> "false");
        registry.add("backup.neo4j.home", () -> STORAGE.resolve("no-neo4j").toString());
        registry.add("backup.storage.path", () -> STORAGE.resolve("backups").toString());
        registry.add("spring.neo4j.uri", () -> "bolt://127.0.0.1:9");
        registry.add("backup.scheduler.enabled", () -> "false");
        registry.add("backup.catch-up", () -> "false");
        registry.add("backup.api.password", () -> PASSWORD);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void cleanUp() throws IOException {
        try (var walk = Files.walk(STORAGE)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    JsonNode refused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo("INVALID_INPUT");
        assertThat(body.get("action").asString()).contains("database name");
        return body;
    }

    @Test
    void aNameNeo4jWouldFoldOrThatLeavesTheFolderIsRefusedBeforeAnythingRuns() throws IOException {
        Http http = new Http(port);

        JsonNode upper = refused(http.send("POST", "/api/backups", "{\"databases\":[\"NEO4J\"]}", "operator",
                PASSWORD));
        assertThat(upper.get("reason").asString()).contains("'NEO4J' is not a Neo4j database name")
                .contains("did you mean 'neo4j'?");
        for (String bad : new String[] { "../../etc", "neo4j/../x", "ab" }) {
            String request = "{\"databases\":[\"" + bad + "\"],\"dryRun\":true}";
            JsonNode body = refused(http.send("POST", "/api/backups", request, "operator", PASSWORD));
            assertThat(body.get("reason").asString()).as(bad).contains("is not a Neo4j database name");
        }
        assertThat(refused(http.get("/api/backups?database=NEO4J")).get("reason").asString())
                .contains("did you mean 'neo4j'?");
        assertThat(refused(http.send("POST", "/api/backups/neo4j-20261201-020000/restore",
                "{\"database\":\"../x\",\"dryRun\":true}", "operator", PASSWORD)).get("reason").asString())
                .contains("'../x' is not a Neo4j database name");

        assertThat(http.get("/api/backups?database=neo4j").statusCode()).isEqualTo(200);
        try (var files = Files.list(STORAGE.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no run started: no archive, no staging work")
                    .noneMatch(n -> n.contains("NEO4J") || n.endsWith(".dump.gz"));
        }
    }

    /** Ids are typed path variables: every endpoint answers a malformed one the same, before it runs. */
    @Test
    void aMalformedBackupIdIsRefusedTheSameOnEveryEndpoint() {
        Http http = new Http(port);
        for (HttpResponse<String> response : java.util.List.of(http.get("/api/backups/neo4j-2025"),
                http.send("POST", "/api/backups/neo4j-2025/validate", null, "operator", PASSWORD),
                http.send("POST", "/api/backups/neo4j-2025/restore", "{\"dryRun\":true}", "operator", PASSWORD),
                http.send("DELETE", "/api/backups/neo4j-2025", null, "operator", PASSWORD))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            assertThat(body.get("code").asString()).isEqualTo("INVALID_INPUT");
            assertThat(body.get("reason").asString()).isEqualTo("'neo4j-2025' is not a backup id: expected "
                    + "<database>-<yyyyMMdd-HHmmss>, e.g. neo4j-20251227-020000");
            assertThat(body.get("action").asString()).isEqualTo(
                    "Use a backup id of the form <database>-<yyyyMMdd-HHmmss> (GET /api/backups lists them)");
        }
    }
}
