package dev.neo4jbackup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import dev.neo4jbackup.testing.LocalMavenMirror;
import dev.neo4jbackup.testing.TestEngine;
import dev.neo4jbackup.testing.TestEngine.Result;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml on a real Docker engine, as an operator runs it: the image built from the Dockerfile,
 * the stack brought up with the real compose file, then everything docs/deployment.md promises. The engine
 * (src/test/docker/engine.sh) is started by .ci/run; this machine reaches no image registry, so the base
 * images are local stand-ins made from Debian's packages (src/test/docker/images.sh), and the override
 * src/test/docker/compose.test.yml puts every container on the host network, all on 127.0.0.1.
 * Skipped, with the reason, where no engine runs.
 */
class DockerDeploymentTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path WORK = ROOT.resolve("target/compose-test");
    private static final String PROJECT = "neo4jbackuptest";
    private static final String PASSWORD = "compose-test-password";
    private static final String API_PASSWORD = "compose-test-operator";
    private static final Pattern SUCCESS = Pattern.compile("BACKUP_SUCCESS: (neo4j-\\d{8}-\\d{6})");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestEngine engine;
    private Map<String, String> env;
    private List<String> compose;
    private String backupId;

    @Test
    void theComposeStackBacksUpRestoresStopsCleanlyAndAlerts() throws Exception {
        engine = TestEngine.find(ROOT, WORK.resolve("commands.log"));
        long started = System.nanoTime();
        String neo4jVersion = Files.readString(ROOT.resolve("target/neo4j-home/VERSION")).strip();
        // the build stage's Maven resolves from this machine's repository (docs/deployment.md): a port that
        // stays the same for this clone keeps the JDK stand-in, and so the image's build cache, from run to run
        try (LocalMavenMirror mirror = LocalMavenMirror.start(Path.of(System.getProperty("user.home"), ".m2",
                "repository"), 20000 + Math.floorMod(ROOT.toString().hashCode(), 10000))) {
            engine.run(Duration.ofMinutes(30), List.of("src/test/docker/images.sh"),
                    Map.of("TEST_MAVEN_MIRROR", mirror.url())).ok();
            lap("stand-in images", started);
            deploy(neo4jVersion, started);
            System.out.println("DOCKER_TEST: Maven mirror served " + mirror.summary());
            Files.write(WORK.resolve("maven-mirror.log"), mirror.notLocal());
        }
    }

    private void deploy(String neo4jVersion, long started) throws Exception {
        int bolt = freePort();
        int service = freePort();
        int prometheus = freePort();
        int mailHttp = freePort();
        env = Map.of("TEST_NEO4J_VERSION", neo4jVersion, "TEST_BOLT_PORT", String.valueOf(bolt),
                "TEST_HTTP_PORT", String.valueOf(freePort()), "TEST_SERVICE_PORT", String.valueOf(service),
                "TEST_PROMETHEUS_PORT", String.valueOf(prometheus), "TEST_SMTP_PORT", String.valueOf(freePort()),
                "TEST_MAIL_HTTP_PORT", String.valueOf(mailHttp),
                "TEST_PROMETHEUS_YML", prometheusConfig(service).toString(),
                "DOCKER_SOCKET", engine.socketPath());
        compose = composeCommand(userEnvFile());
        try {
            // what a run that died left in an engine whose data root is kept
            compose(Duration.ofMinutes(3), "down", "-v", "-t", "10");
            // docs/deployment.md: cp .env.example .env (passwords, DOCKER_GID), then up -d --build
            compose(Duration.ofMinutes(20), "up", "-d", "--build").ok();
            lap("image built, stack up", started);
            String neo4jId = compose(Duration.ofMinutes(1), "ps", "-q", "neo4j").ok().output().strip();
            backupId = compose(Duration.ofMinutes(1), "ps", "-q", "backup").ok().output().strip();
            assertThat(engine.docker(Duration.ofMinutes(1), "network", "ls", "--format", "{{.Driver}}").ok().output())
                    .as("no bridge on the test engine").doesNotContain("bridge");

            // a fresh install: the catch-up run backs up at once, stopping and starting Neo4j through the socket
            await("the backup container is healthy", Duration.ofMinutes(3), () -> "healthy".equals(
                    inspect(backupId, "{{.State.Health.Status}}")));
            await("the first backup", Duration.ofMinutes(4), () -> SUCCESS.matcher(logs()).find());
            lap("healthy, first backup", started);
            String id = firstBackup(logs());
            assertThat(logs()).contains("NEO4J_STOP: docker stop neo4j").contains("NEO4J_UP");
            assertThat(compose(Duration.ofMinutes(1), "ps", "-q", "neo4j").ok().output().strip()).isEqualTo(neo4jId);
            assertThat(events(neo4jId)).containsSubsequence("stop", "start");
            assertThat(inspect(backupId, "{{.Config.User}}")).isEqualTo("neo4j");
            Result check = compose(Duration.ofMinutes(1), "exec", "-T", "-w", "/backups", "backup", "sha256sum", "-c",
                    id + ".dump.gz.sha256").ok();
            assertThat(check.output()).contains(id + ".dump.gz: OK");

            try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + bolt, AuthTokens.basic("neo4j", PASSWORD))) {
                // Neo4j answers after the backup; a node written now is gone after restoring the backup
                write(driver, "CREATE (:Marker {at: datetime()})");
                assertThat(compose(Duration.ofMinutes(2), "exec", "-T", "backup", "neo4j-backup", "list").ok().output())
                        .contains(id);
                compose(Duration.ofMinutes(5), "exec", "-T", "backup", "neo4j-backup", "restore", id, "--yes").ok();
                await("Neo4j answers with the backup's data", Duration.ofMinutes(1),
                        () -> count(driver, "MATCH (m:Marker) RETURN count(m)") == 0);
                assertThat(compose(Duration.ofMinutes(1), "ps", "-q", "neo4j").ok().output().strip()).isEqualTo(neo4jId);
                lap("list, restore", started);

                alertMailReachesTheCatcher(service, mailHttp);
                prometheusScrapesWithTheRules(prometheus);
                lap("alert mail, Prometheus", started);

                // a dump long enough to stop the service in its middle
                write(driver, "UNWIND range(1, 100000) AS i CREATE (:Filler {i: i, pad: 'x' + toString(i)})");
                stopTheServiceMidDump(service, neo4jId);
                assertThat(inspect(neo4jId, "{{.State.Running}}")).isEqualTo("true");
                await("Neo4j answers after the service stopped", Duration.ofMinutes(2),
                        () -> count(driver, "MATCH (f:Filler) RETURN count(f)") == 100_000);
                lap("stop in the middle of a dump", started);
            }
        } finally {
            Files.writeString(WORK.resolve("backup.log"), compose(Duration.ofMinutes(1), "logs", "--no-color").output());
            compose(Duration.ofMinutes(3), "down", "-v", "-t", "30");
        }
    }

    /** An operator pauses the scheduler over the API: the SCHEDULER_PAUSED alert is mailed to the catcher. */
    private void alertMailReachesTheCatcher(int service, int mailHttp) throws Exception {
        String credential = Base64.getEncoder().encodeToString(("operator:" + API_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String action : List.of("pause", "resume")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service + "/api/scheduler/" + action))
                    .header("Authorization", "Basic " + credential).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"deployment test\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            if (action.equals("pause")) {
                await("the alert mail", Duration.ofMinutes(1), () -> get(mailHttp, "/api/v1/messages")
                        .path("total").asInt() > 0);
            }
        }
        JsonNode mail = get(mailHttp, "/api/v1/messages").path("messages").get(0);
        assertThat(mail.path("Subject").asString()).contains("[neo4j-backup compose]").contains("SCHEDULER_PAUSED");
        assertThat(mail.path("To").get(0).path("Address").asString()).isEqualTo("ops@example.com");
    }

    /** Prometheus (the shipped rules, the test's port) scrapes the service; every rule group loads. */
    private void prometheusScrapesWithTheRules(int prometheus) throws Exception {
        await("Prometheus scrapes the service", Duration.ofMinutes(1), () -> {
            JsonNode result = get(prometheus, "/api/v1/query?query=up%7Bjob%3D%22neo4j-backup%22%7D").path("data")
                    .path("result");
            return result.size() == 1 && result.get(0).path("value").get(1).asString().equals("1");
        });
        JsonNode groups = get(prometheus, "/api/v1/rules").path("data").path("groups");
        List<String> rules = new ArrayList<>();
        groups.forEach(group -> group.path("rules").forEach(rule -> rules.add(rule.path("name").asString())));
        String shipped = Files.readString(ROOT.resolve("config/prometheus/alerts.yml"));
        Matcher alert = Pattern.compile("(?m)^\\s*- alert: (\\S+)").matcher(shipped);
        List<String> expected = new ArrayList<>();
        while (alert.find()) {
            expected.add(alert.group(1));
        }
        assertThat(expected).isNotEmpty();
        assertThat(rules).containsAll(expected);
    }

    /**
     * A backup over the API; once its docker stop has stopped Neo4j, `stop backup`. The service ends the dump,
     * starts Neo4j again and exits: the Neo4j container runs on, the same one.
     */
    private void stopTheServiceMidDump(int service, String neo4jId) throws Exception {
        Process events = engine.start("events", "--filter", "container=" + neo4jId, "--filter", "event=die",
                "--format", "{{.Status}}");
        try {
            CompletableFuture<String> died = CompletableFuture.supplyAsync(() -> firstLine(events));
            String credential = Base64.getEncoder().encodeToString(("operator:" + API_PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service + "/api/backups"))
                    .header("Authorization", "Basic " + credential).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"stopped mid-dump\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(died.get(3, TimeUnit.MINUTES)).isEqualTo("die");
            compose(Duration.ofMinutes(5), "stop", "backup").ok();
        } finally {
            events.destroy();
        }
        String log = logs();
        assertThat(log).containsPattern("SHUTDOWN: a backup run is in progress; ended [1-9]\\d* neo4j-admin process")
                .contains("SHUTDOWN: the backup run has ended");
        assertThat(log.substring(log.lastIndexOf("SHUTDOWN: a backup run"))).contains("NEO4J_UP");
    }

    private Result compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of(args));
        return engine.run(timeout, command, env);
    }

    /**
     * docker compose (v2) where the plugin is installed, else Debian's docker-compose 1.29, on docker-compose.yml
     * and the test's override as docker-compose itself merges them (`config`), without the `ports:` lists:
     * published ports mean nothing on the host network, and docker-compose 1.29 refuses them beside it
     * (an override cannot remove a list there).
     */
    @SuppressWarnings("unchecked")
    private List<String> composeCommand(Path envFile) throws IOException {
        List<String> program = engine.run(Duration.ofSeconds(30), List.of("docker", "compose", "version"), Map.of())
                .exitCode() == 0 ? List.of("docker", "compose") : List.of("docker-compose");
        List<String> config = new ArrayList<>(program);
        config.addAll(List.of("--env-file", envFile.toString(), "-f", "docker-compose.yml", "-f",
                "src/test/docker/compose.test.yml", "config"));
        String merged = engine.runForOutput(Duration.ofMinutes(1), config, env).ok().output();
        Map<String, Object> document = new Yaml().load(merged);
        ((Map<String, Map<String, Object>>) document.get("services")).values().forEach(s -> s.remove("ports"));
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = WORK.resolve("docker-compose.merged.yml");
        Files.writeString(file, new Yaml(block).dump(document));
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of("--env-file", envFile.toString(), "-p", PROJECT, "-f", file.toString()));
        return command;
    }

    /** What a user writes: .env.example with the passwords and the socket's group set. */
    private Path userEnvFile() throws IOException {
        String gid = String.valueOf(Files.getAttribute(Path.of(engine.socketPath()), "unix:gid"));
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            out.append(line.startsWith("NEO4J_PASSWORD=") ? "NEO4J_PASSWORD=" + PASSWORD
                    : line.startsWith("BACKUP_API_PASSWORD=") ? "BACKUP_API_PASSWORD=" + API_PASSWORD
                    : line.startsWith("DOCKER_GID=") ? "DOCKER_GID=" + gid : line).append('\n');
        }
        Path file = WORK.resolve(".env");
        Files.writeString(file, out);
        return file;
    }

    /** The shipped prometheus.yml with the service on the test's port and scrapes every 2 s. */
    private static Path prometheusConfig(int service) throws IOException {
        String shipped = Files.readString(ROOT.resolve("config/prometheus/prometheus.yml"));
        assertThat(shipped).contains("\"backup:8080\"").contains("30s");
        Path file = WORK.resolve("prometheus.yml");
        Files.createDirectories(WORK);
        Files.writeString(file, shipped.replace("\"backup:8080\"", "\"backup:" + service + "\"").replace("30s", "2s"));
        return file;
    }

    /**
     * The backup container's log (what `compose logs backup` shows, without its prefix). Through the engine's
     * own client: it is read every second while waiting, and each docker-compose 1.29 call starts a Python
     * interpreter, seconds of CPU on two shared cores.
     */
    private String logs() {
        return engine.docker(Duration.ofMinutes(1), "logs", backupId).output();
    }

    private static String firstBackup(String logs) {
        Matcher matcher = SUCCESS.matcher(logs);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private String inspect(String container, String format) {
        return engine.docker(Duration.ofMinutes(1), "inspect", "-f", format, container).output().strip();
    }

    /** The engine's events of a container since the stack came up, oldest first. */
    private List<String> events(String container) {
        String until = String.valueOf(Instant.now().getEpochSecond() + 1);
        return engine.docker(Duration.ofMinutes(1), "events", "--since", "10m", "--until", until, "--filter",
                "container=" + container, "--format", "{{.Status}}").ok().output().lines().toList();
    }

    private static void write(Driver driver, String cypher) {
        try (var session = driver.session()) {
            session.run(cypher).consume();
        }
    }

    /** The count a query returns; -1 while Neo4j does not answer. */
    private static long count(Driver driver, String cypher) {
        try (var session = driver.session()) {
            return session.run(cypher).single().get(0).asLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private JsonNode get(int port, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(Process process) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    private static void lap(String what, long started) {
        System.out.printf("DOCKER_TEST: %s after %d s%n", what, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
