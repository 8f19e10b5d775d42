package dev.neo4jbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.testing.SharedNeo4j;
import tools.jackson.databind.JsonNode;

/**
 * The whole path for real: the service on a real port takes a real backup of a real Neo4j, a real
 * Prometheus (Debian package) scrapes /actuator/prometheus with the shipped alert rules loaded, and the
 * last-success timestamp read back through Prometheus's query API is the manifest's time. promtool then
 * checks the scraped text. Skips only when the prometheus or promtool binary is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "backup.scheduler.enabled=false")
class PrometheusScrapeTest {

    static Path prometheus;
    static Path promtool;
    static Path work;
    static Process prometheusProcess;

    @LocalServerPort
    int port;

    @Autowired
    BackupRunner runner;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void binaries() {
        // before the context starts: a machine without Prometheus skips without starting anything
        prometheus = onPath("prometheus").orElse(null);
        promtool = onPath("promtool").orElse(null);
        assumeTrue(prometheus != null && promtool != null,
                "prometheus/promtool not installed (apt-get install -y prometheus): scrape test skipped");
    }

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) throws IOException {
        work = Files.createTempDirectory("prometheus-scrape-");
        Path storage = Files.createDirectories(work.resolve("backups"));
        SharedNeo4j.get().springProperties(storage).forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheusProcess != null && prometheusProcess.isAlive()) {
            prometheusProcess.destroy();
            if (!prometheusProcess.waitFor(20, TimeUnit.SECONDS)) {
                prometheusProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (work != null) {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }

    @Test
    void actuatorShowsHealthProbesInfoAndNothingElse() throws Exception {
        JsonNode health = actuator("/actuator/health", 200);
        JsonNode components = health.get("components");
        assertThat(components.has("backup")).isTrue();
        assertThat(components.has("neo4j")).isTrue();
        assertThat(components.get("diskSpace").get("details").get("path").asString())
                .isEqualTo(work.resolve("backups").toFile().getAbsolutePath());
        // no backup yet (within the start-up grace) or the fresh one of the other test: UP either way
        assertThat(components.get("backup").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("backup").get("details").has("nextRun")).isTrue();

        JsonNode liveness = actuator("/actuator/health/liveness", 200);
        assertThat(liveness.get("status").asString()).isEqualTo("UP");
        assertThat(liveness.toString()).doesNotContain("neo4j", "backup");
        assertThat(actuator("/actuator/health/readiness", 200).toString()).doesNotContain("neo4j", "backup");

        JsonNode info = actuator("/actuator/info", 200).get("backup");
        assertThat(info.get("schedule").get("expression").asString()).isEqualTo("0 2 * * *");
        assertThat(info.get("compression").asString()).isEqualTo("gzip");
        assertThat(info.get("nextRun").asString()).isEqualTo("none"); // backup.scheduler.enabled=false

        for (String hidden : java.util.List.of("/actuator/env", "/actuator/configprops", "/actuator/beans",
                "/actuator/heapdump")) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hidden)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as(hidden).isIn(401, 404); // 401: security answers before the missing endpoint
        }
    }

    private JsonNode actuator(String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        return JsonCodec.MAPPER.readTree(response.body());
    }

    @Test
    void prometheusReadsTheLastSuccessTimeOfARealBackupAndPromtoolAcceptsTheScrape() throws Exception {
        RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, "test"));
        assertThat(report.ok()).as("backup run: %s", report.firstFailure()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();

        prometheusProcess = startPrometheus();
        int promPort = PrometheusScrapeTest.prometheusPort;

        AtomicReference<JsonNode> result = new AtomicReference<>();
        Awaitility.await("Prometheus has scraped the service").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(prometheusProcess.isAlive()).as("prometheus runs; log: %s", prometheusLog()).isTrue();
                    JsonNode found = query(promPort,
                            "neo4j_backup_last_success_timestamp_seconds{job=\"neo4j-backup\",database=\"neo4j\"}");
                    result.set(found);
                    return found.size() == 1;
                });
        double scraped = Double.parseDouble(result.get().get(0).get("value").get(1).asString());
        assertThat(scraped).isEqualTo((double) manifest.created().getEpochSecond());
        assertThat(query(promPort, "neo4j_backup_retained_backups{database=\"neo4j\"}").get(0).get("value")
                .get(1).asString()).isEqualTo("1");
        assertThat(query(promPort, "up{job=\"neo4j-backup\"}").get(0).get("value").get(1).asString())
                .isEqualTo("1");
        // the shipped rules load into a real server, and a fresh backup fires none of them
        JsonNode groups = get(promPort, "/api/v1/rules").get("data").get("groups");
        assertThat(groups.get(0).get("rules").size()).isEqualTo(10);
        groups.get(0).get("rules").forEach(rule -> assertThat(rule.get("health").asString())
                .as("rule %s", rule.get("name").asString()).isEqualTo("ok"));

        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4").build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(text).contains("neo4j_backup_last_success_timestamp_seconds");
        // ours alone: parsed and linted without a single finding
        PromtoolResult ours = promtoolCheckMetrics(ourFamilies(text));
        assertThat(ours.exit()).as("promtool check metrics on neo4j_backup_* said:%n%s", ours.output()).isZero();
        // the whole scrape parses (exit 1 would be a format error); the lint findings promtool has (exit 3)
        // are about Micrometer's and Boot's own meters (no help text, "_ms"/"_ns" units), none about ours
        PromtoolResult all = promtoolCheckMetrics(text);
        assertThat(all.exit()).as("promtool check metrics said:%n%s", all.output()).isIn(0, 3);
        assertThat(all.output().lines()).noneMatch(line -> line.startsWith("neo4j_backup_"));
    }

    /** The HELP, TYPE and sample lines of the neo4j_backup_* families, in scrape order. */
    static String ourFamilies(String text) {
        StringBuilder ours = new StringBuilder();
        text.lines().filter(line -> line.startsWith("neo4j_backup_") || line.startsWith("# HELP neo4j_backup_")
                || line.startsWith("# TYPE neo4j_backup_")).forEach(line -> ours.append(line).append('\n'));
        assertThat(ours).as("neo4j_backup_* in the scrape").isNotEmpty();
        return ours.toString();
    }

    // --- Prometheus -----------------------------------------------------------------------------------------

    static int prometheusPort;

    private Process startPrometheus() throws IOException {
        prometheusPort = freePort();
        Path rules = Path.of("config/prometheus/alerts.yml").toAbsolutePath();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: neo4j-backup
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(rules, port));
        return new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
    }

    private String prometheusLog() {
        try {
            return Files.readString(work.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private JsonNode query(int prometheusPort, String promql) throws IOException, InterruptedException {
        JsonNode body = get(prometheusPort, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(body.get("status").asString()).isEqualTo("success");
        return body.get("data").get("result");
    }

    private JsonNode get(int prometheusPort, String path) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JsonCodec.MAPPER.readTree(response.body());
        } catch (java.net.ConnectException e) {
            // not listening yet: an empty answer, so that the wait goes on
            return JsonCodec.MAPPER.readTree("{\"status\":\"success\",\"data\":{\"result\":[]}}");
        }
    }

    // --- promtool -------------------------------------------------------------------------------------------

    record PromtoolResult(int exit, String output) {
    }

    private static PromtoolResult promtoolCheckMetrics(String text) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new PromtoolResult(process.exitValue(), output);
    }

    // --- helpers --------------------------------------------------------------------------------------------

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
