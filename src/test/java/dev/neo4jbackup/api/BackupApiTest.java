package dev.neo4jbackup.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * The HTTP API through real HTTP against the service with the real Neo4j: each endpoint, and each
 * refusal (no or wrong credential, a viewer trying a change, bad and unknown ids, a second create
 * while one runs, deleting the only backup).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackupApiTest {

    static final String PASSWORD = "s3cret-operator-pw";
    static final Path STORAGE = tempDir();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SharedNeo4j.get().springProperties(STORAGE).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("backup.scheduler.enabled", () -> "false");
        registry.add("backup.api.password", () -> PASSWORD);
        registry.add("backup.api.viewer-username", () -> "viewer");
        registry.add("backup.api.viewer-password", () -> "viewer-password");
    }

    @LocalServerPort
    int port;

    @Autowired
    BackupCatalog catalog;

    static Path tempDir() {
        try {
            return Files.createTempDirectory("api-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var walk = Files.walk(STORAGE)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Test
    void theWholeLifeOfABackupOverHttpWithEveryRefusal(CapturedOutput output) {
        Http http = new Http(port);
        assertThat(http.get("/api/backups").statusCode()).isEqualTo(200);
        assertThat(json(http.get("/api/backups")).size()).isZero();

        // changes need the operator
        assertThat(http.send("POST", "/api/backups", "{}", null, null).statusCode()).isEqualTo(401);
        assertThat(http.send("POST", "/api/backups", "{}", "operator", "wrong-password").statusCode()).isEqualTo(401);
        assertThat(http.send("POST", "/api/backups", "{}", "viewer", "viewer-password").statusCode()).isEqualTo(403);
        assertThat(catalog.list()).isEmpty();

        HttpResponse<String> created = http.send("POST", "/api/backups", "{\"reason\":\"over http\"}", "operator",
                PASSWORD);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = json(created).get("ids").get(0).asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/backups/" + id);

        HttpResponse<String> second = http.send("POST", "/api/backups", "{}", "operator", PASSWORD);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).get("code").asString()).isEqualTo("BACKUP_LOCKED");
        assertThat(json(second).get("action").asString()).isNotBlank();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> http.get("/api/backups/" + id).statusCode() == 200);
        JsonNode manifest = json(http.get("/api/backups/" + id));
        assertThat(manifest.get("id").asString()).isEqualTo(id);
        assertThat(manifest.get("reason").asString()).isEqualTo("over http");
        assertThat(manifest.get("sha256").asString()).hasSize(64);
        assertThat(manifest.get("graph").get("nodes").asLong()).isEqualTo(550);

        // bad input is refused and touches nothing
        HttpResponse<String> malformed = http.get("/api/backups/neo4j-2025");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("code").asString()).isEqualTo("INVALID_INPUT");
        assertThat(http.get("/api/backups/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(400);
        assertThat(http.send("DELETE", "/api/backups/..%2F" + id, null, "operator", PASSWORD).statusCode())
                .isEqualTo(400);
        HttpResponse<String> unknown = http.get("/api/backups/neo4j-20200101-000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asString()).isEqualTo("BACKUP_NOT_FOUND");

        HttpResponse<String> validated = http.send("POST", "/api/backups/" + id + "/validate", null, "operator",
                PASSWORD);
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        assertThat(json(validated).get("status").asString()).isEqualTo("VALIDATED");
        // validate holds the storage lock: while a restore holds it, 409 naming the holder
        try (StorageLock.Held held = new StorageLock(STORAGE).acquire("restore " + id + " into neo4j on primary")) {
            HttpResponse<String> locked = http.send("POST", "/api/backups/" + id + "/validate", null, "operator",
                    PASSWORD);
            assertThat(locked.statusCode()).as(locked.body()).isEqualTo(409);
            assertThat(json(locked).get("code").asString()).isEqualTo("BACKUP_LOCKED");
            assertThat(json(locked).get("reason").asString()).contains("(restore " + id + " into neo4j on primary)");
        }

        JsonNode plan = json(http.get("/api/retention/plan"));
        assertThat(plan.get("keep").get(0).get("id").asString()).isEqualTo(id);
        assertThat(plan.get("keep").get(0).get("reasons").toString()).contains("daily 1/7");
        assertThat(plan.get("drop").size()).isZero();

        assertThat(http.send("POST", "/api/scheduler/pause", "{\"reason\":\"maintenance\"}", "viewer",
                "viewer-password").statusCode()).isEqualTo(403);
        assertThat(http.send("POST", "/api/scheduler/pause", "{\"reason\":\"maintenance\"}", "operator", PASSWORD)
                .statusCode()).isEqualTo(200);
        assertThat(new StateStore(STORAGE).read().pauseReason()).isEqualTo("maintenance");
        assertThat(json(http.get("/api/status")).get("paused").asBoolean()).isTrue();
        assertThat(http.send("POST", "/api/scheduler/resume", null, "operator", PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(new StateStore(STORAGE).read().paused()).isFalse();

        HttpResponse<String> protectedDelete = http.send("DELETE", "/api/backups/" + id, null, "operator", PASSWORD);
        assertThat(protectedDelete.statusCode()).isEqualTo(409);
        assertThat(json(protectedDelete).get("code").asString()).isEqualTo("BACKUP_PROTECTED");
        HttpResponse<String> deleted = http.send("DELETE", "/api/backups/" + id + "?force=true", null, "operator",
                PASSWORD);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(http.get("/api/backups/" + id).statusCode()).isEqualTo(404);

        // probes and scrapers need no credential; nothing else of the actuator is open
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/env").statusCode()).isIn(401, 404);

        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain("viewer-password");
    }
}
