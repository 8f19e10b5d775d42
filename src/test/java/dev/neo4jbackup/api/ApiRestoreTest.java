package dev.neo4jbackup.api;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/backups/{id}/restore} on a real port against a Neo4j of its own: the operator
 * credential is required, a dry run changes nothing, a restore answers with its checks and shows in
 * the {@code restore} health component and the {@code neo4j_backup_recovery_state} gauge, and a corrupt
 * archive is a 422 with BACKUP_CORRUPTED.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "backup.scheduler.enabled=false", "backup.api.password=operator-secret" })
class ApiRestoreTest {

    static Neo4jServer server;
    static Path storage;

    @LocalServerPort
    int port;

    @Autowired
    BackupRunner runner;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) throws IOException {
        server = Neo4jServer.start("api-restore");
        SampleGraph.create(server.driver());
        storage = Files.createTempDirectory("api-restore-");
        server.springProperties(storage).forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void restoreOverHttp() throws Exception {
        RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, "api test"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        String id = report.outcomes().get(0).id();
        GraphFingerprint.Print original = GraphFingerprint.of(server.driver());
        server.run("MATCH (c:City) DETACH DELETE c");

        assertThat(post(id, "{}", false).statusCode()).isEqualTo(401);

        HttpResponse<String> dry = post(id, "{\"dryRun\": true}", true);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).get("outcome").asString()).isEqualTo("DRY_RUN");
        assertThat(server.count("MATCH (c:City) RETURN count(c)")).isZero();

        // the safety backup and its rollback are proven in RestoreRefusalsTest; here the endpoint's plumbing
        HttpResponse<String> restored = post(id, "{\"noSafetyBackup\": true}", true);
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        JsonNode body = json(restored);
        assertThat(body.get("outcome").asString()).isEqualTo("RESTORED");
        assertThat(body.get("target").asString()).isEqualTo("primary");
        assertThat(body.get("safetyBackupId") == null || body.get("safetyBackupId").isNull()).isTrue();
        assertThat(body.get("checks")).hasSize(4);
        body.get("checks").forEach(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);

        JsonNode health = json(get("/actuator/health"));
        assertThat(health.get("components").get("restore").get("details").get("state").asString())
                .isEqualTo("RECOVERY_SUCCESS");
        assertThat(get("/actuator/prometheus").body()).contains("neo4j_backup_recovery_state{database=\"neo4j\"} 3.0");
        assertThat(json(get("/api/status")).get("recovery").get("state").asString()).isEqualTo("RECOVERY_SUCCESS");

        Manifest manifest = TestSigning.catalog(storage, Clock.systemUTC()).require(id);
        Path archive = storage.resolve(manifest.archive());
        try (RandomAccessFile raf = new RandomAccessFile(archive.toFile(), "rw")) {
            raf.seek(100);
            int b = raf.read();
            raf.seek(100);
            raf.write(b ^ 0xFF);
        }
        HttpResponse<String> corrupt = post(id, "{}", true);
        assertThat(corrupt.statusCode()).as(corrupt.body()).isEqualTo(422);
        assertThat(json(corrupt).get("code").asString()).isEqualTo("BACKUP_CORRUPTED");
        assertThat(json(corrupt).get("action").asString()).startsWith("Try a different backup");
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);
    }

    private HttpResponse<String> post(String id, String body, boolean operator) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/backups/"
                + id + "/restore")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (operator) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "operator:operator-secret".getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }
}
