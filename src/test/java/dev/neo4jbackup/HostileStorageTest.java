package dev.neo4jbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.neo4jbackup.cli.Cli;
import dev.neo4jbackup.testing.HostileFiles;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * The hostile-storage suite: the service starts on a storage folder full of bad files ({@link HostileFiles}:
 * absolute and traversal archive names, a traversal id, an old-named FAILED file carrying the newest
 * backup's id, {@code {}}, {@code null}, no database, 300 MB, future-dated, FAILED without archive, a
 * {@code .staging} link, an archive link, a checksum file naming another file), and list, status, info,
 * validate, delete, prune (also {@code --delete-expired}), health, metrics and two backup runs go through
 * it, over real HTTP and the real CLI, with the real Neo4j. Invariants: nothing outside the folder is read
 * or deleted, every command and endpoint answers, the newest valid backup survives, every bad file is
 * reported with its reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileStorageTest {

    static final String PASSWORD = "hostile-operator-pw";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Path base;
    static HostileFiles files;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        base = Files.createTempDirectory("hostile-storage-");
        files = HostileFiles.create(base, Instant.now());
        service().forEach((k, v) -> registry.add(k, () -> v));
    }

    static Map<String, String> service() {
        Map<String, String> p = new LinkedHashMap<>(SharedNeo4j.get().springProperties(files.root));
        p.put("backup.scheduler.enabled", "false");
        p.put("backup.api.password", PASSWORD);
        p.put("backup.max-age", "24h");
        p.put("backup.retention.keep-daily", "1");
        p.put("backup.retention.keep-weekly", "0");
        p.put("backup.retention.keep-monthly", "0");
        return p;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var walk = Files.walk(base)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyCommandAndEndpointAnswersAndNothingOutsideTheFolderIsTouched() throws Exception {
        String newest = files.newest.id();

        // health: answers, and neither the FAILED file of 5 minutes ago nor the future-dated one counts
        JsonNode backup = json(get("/actuator/health")).get("components").get("backup");
        assertThat(backup.get("status").asString()).as(backup.toString()).isEqualTo("DOWN");
        assertThat(backup.get("details").get("lastSuccessId").asString()).isEqualTo(newest);
        assertThat(backup.get("details").get("reason").asString()).contains(newest, "old");

        // metrics: the last success is the newest real backup, the count only real successes
        String metrics = get("/actuator/prometheus").body();
        assertThat(gauge(metrics, "neo4j_backup_last_success_timestamp_seconds"))
                .isEqualTo((double) files.newest.created().getEpochSecond());
        assertThat(gauge(metrics, "neo4j_backup_retained_backups")).isEqualTo(files.older.size() + 1.0);
        files.assertCanariesUntouched();

        // the API lists every bad file with its reason; the total is in a header, pages by limit/offset
        HttpResponse<String> listed = get("/api/backups");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode all = json(listed);
        int total = Integer.parseInt(listed.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(all.size()).isEqualTo(total).isEqualTo(files.invalid.size() + files.older.size() + 2);
        for (HostileFiles.Bad bad : files.invalid) {
            JsonNode entry = find(all, "file", bad.file());
            assertThat(entry).as(bad.file() + " in " + all).isNotNull();
            assertThat(entry.get("status").asString()).isEqualTo("INVALID");
            assertThat(entry.get("invalidReason").asString()).contains(bad.reason());
        }
        // listed once, as itself: the old-named FAILED file carrying its id is listed under its own file name
        assertThat(all.valueStream().filter(e -> newest.equals(e.path("id").asString()))
                .map(e -> e.path("status").asString())).containsExactly("COMPLETE");
        HttpResponse<String> page = get("/api/backups?limit=2&offset=1");
        assertThat(json(page).size()).isEqualTo(2);
        assertThat(json(page).get(0).get("id").asString()).isEqualTo(all.get(1).get("id").asString());
        assertThat(page.headers().firstValue("Link")).contains("</api/backups?limit=2&offset=3>; rel=\"next\"");
        assertThat(get("/api/backups?limit=0").statusCode()).isEqualTo(400);
        assertThat(json(get("/api/backups/neo4j-20200105-000000")).get("status").asString()).isEqualTo("INVALID");

        JsonNode status = json(get("/api/status"));
        assertThat(status.get("invalid").valueStream().map(e -> e.get("file").asString()).toList())
                .containsExactlyInAnyOrderElementsOf(files.invalidFiles());
        JsonNode plan = json(get("/api/retention/plan"));
        assertThat(plan.get("drop").valueStream().map(d -> d.get("id").asString()).toList()).doesNotContain(newest)
                .doesNotContainAnyElementsOf(files.invalid.stream().map(HostileFiles.Bad::id).toList());

        // validate and delete over HTTP: refused with BACKUP_INVALID, never a 500, nothing outside read
        for (HostileFiles.Bad bad : files.invalid) {
            HttpResponse<String> validate = send("POST", "/api/backups/" + bad.id() + "/validate");
            assertThat(validate.statusCode()).as(bad.file() + ": " + validate.body()).isEqualTo(422);
            assertThat(json(validate).get("code").asString()).isEqualTo("BACKUP_INVALID");
            assertThat(json(validate).get("reason").asString()).contains(bad.reason());
            HttpResponse<String> delete = send("DELETE", "/api/backups/" + bad.id());
            assertThat(delete.statusCode()).as(bad.file() + ": " + delete.body()).isEqualTo(422);
        }
        // never restored: refused before anything is stopped or loaded
        HttpResponse<String> restore = send("POST", "/api/backups/neo4j-20200105-000000/restore", "{}");
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(422);
        assertThat(json(restore).get("code").asString()).isEqualTo("BACKUP_INVALID");
        // a trusted backup cannot be validated through a .staging link: refused, naming the link
        HttpResponse<String> throughLink = send("POST", "/api/backups/" + files.sidecarNamingOther.id() + "/validate");
        assertThat(throughLink.statusCode()).as(throughLink.body()).isEqualTo(409);
        assertThat(json(throughLink).get("code").asString()).isEqualTo("STORAGE_UNSAFE");
        assertThat(json(throughLink).get("reason").asString()).contains(files.root.resolve(".staging").toString());
        files.assertCanariesUntouched();

        // the CLI: list, status, info, validate, delete, prune and prune --delete-expired all answer
        Cli_ list = cli("list");
        assertThat(list.exit).as(list.out).isZero();
        for (HostileFiles.Bad bad : files.invalid) {
            assertThat(list.out).contains(bad.file()).contains(bad.reason());
        }
        assertThat(cli("list", "--json").exit).isZero();
        Cli_ cliStatus = cli("status");
        assertThat(cliStatus.exit).as(cliStatus.out).isZero();
        assertThat(cliStatus.out).contains("Invalid:        neo4j-20200105-000000.json: id '" + newest);
        Cli_ info = cli("info", "neo4j-20250101-000000");
        assertThat(info.exit).as(info.out).isZero();
        assertThat(info.out).contains("INVALID: archive '" + files.outside.resolve("canary.dump.gz"));
        Cli_ validate = cli("validate", "neo4j-20250110-000000");
        assertThat(validate.exit).as(validate.out).isNotZero();
        assertThat(validate.out + validate.err).contains("BACKUP_INVALID", "is a symbolic link");
        Cli_ delete = cli("delete", "neo4j-20200105-000000", "--yes");
        assertThat(delete.exit).isNotZero();
        assertThat(delete.out + delete.err).contains("BACKUP_INVALID", "--force");
        // exit 1: the .staging link is reported as not swept; everything else is done
        Cli_ dryRun = cli("prune");
        assertThat(dryRun.exit).as(dryRun.out + dryRun.err).isEqualTo(1);
        assertThat(dryRun.out + dryRun.err).contains(".staging: is a symbolic link (to " + files.outside);
        for (HostileFiles.Bad bad : files.invalid) {
            assertThat(dryRun.out).contains("KEEP  " + bad.file() + ": INVALID, never pruned (").contains(bad.reason());
        }
        Cli_ prune = cli("prune", "--delete-expired");
        assertThat(prune.exit).as(prune.out + prune.err).isEqualTo(1);
        assertThat(prune.out + prune.err).contains(".staging: is a symbolic link").contains(
                files.older.get(0).id()).doesNotContain("Deleted " + newest);
        assertThat(files.root.resolve(newest + ".json")).exists();
        assertThat(files.root.resolve(newest + ".dump.gz")).exists();
        assertThat(files.root.resolve(files.failedWithoutArchive + ".json")).doesNotExist(); // a partial: dropped
        for (String bad : files.invalidFiles()) {
            assertThat(Files.exists(files.root.resolve(bad), LinkOption.NOFOLLOW_LINKS)).as(bad).isTrue();
        }
        files.assertCanariesUntouched();

        // a backup run through the .staging link: a failed run with a code naming the link, Neo4j never stopped
        String refusedId = startBackup();
        JsonNode refused = awaitRun(refusedId);
        assertThat(refused.get("status").asString()).isEqualTo("FAILED");
        assertThat(refused.get("code").asString()).isEqualTo("STORAGE_UNSAFE");
        assertThat(refused.get("reason").asString()).contains(".staging");
        assertThat(SharedNeo4j.get().answers()).isTrue();
        files.assertCanariesUntouched();

        // the operator removes the link: the next run succeeds among the bad files, retention keeps it
        Files.delete(files.root.resolve(".staging"));
        String id = startBackup();
        JsonNode made = awaitRun(id);
        assertThat(made.get("status").asString()).as(made.toString()).isEqualTo("COMPLETE");
        assertThat(files.root.resolve(id + ".dump.gz")).isRegularFile();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(
                json(get("/actuator/health")).get("components").get("backup").get("details").get("lastSuccessId")
                        .asString()).isEqualTo(id));
        for (String bad : files.invalidFiles()) {
            assertThat(Files.exists(files.root.resolve(bad), LinkOption.NOFOLLOW_LINKS)).as(bad).isTrue();
        }

        // only an explicit delete --force removes an INVALID entry, and only the files of its file name
        Cli_ forced = cli("delete", "neo4j-20200105-000000", "--yes", "--force");
        assertThat(forced.exit).as(forced.out + forced.err).isZero();
        assertThat(files.root.resolve("neo4j-20200105-000000.json")).doesNotExist();
        assertThat(files.root.resolve(id + ".json")).exists();
        for (String linked : List.of("neo4j-20250110-000000", "neo4j-20250101-000000")) {
            assertThat(cli("delete", linked, "--yes", "--force").exit).isZero();
        }
        files.assertCanariesUntouched();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    record Cli_(int exit, String out, String err) {
    }

    Cli_ cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit;
        try {
            exit = Cli.execute(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err), service());
        } finally {
            var logging = org.springframework.boot.logging.LoggingSystem.get(getClass().getClassLoader());
            logging.setLogLevel(org.springframework.boot.logging.LoggingSystem.ROOT_LOGGER_NAME,
                    org.springframework.boot.logging.LogLevel.INFO);
        }
        return new Cli_(exit, out.toString(), err.toString());
    }

    String startBackup() throws Exception {
        HttpResponse<String> created = send("POST", "/api/backups", "{\"reason\":\"hostile storage\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return json(created).get("ids").get(0).asString();
    }

    JsonNode awaitRun(String id) {
        List<JsonNode> last = new ArrayList<>(1);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> answer = get("/api/backups/" + id);
            if (answer.statusCode() != 200) {
                return false;
            }
            last.add(0, json(answer));
            return true;
        });
        return last.get(0);
    }

    static JsonNode find(JsonNode array, String field, String value) {
        return array.valueStream().filter(e -> value.equals(e.path(field).asString(null))).findFirst().orElse(null);
    }

    static double gauge(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{database=\"neo4j\"[^}]*} (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return send(method, path, "");
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        String credential = Base64.getEncoder().encodeToString(("operator:" + PASSWORD).getBytes());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + credential).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
