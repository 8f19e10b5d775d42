package dev.neo4jbackup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.neo4jbackup.testing.SharedNeo4j;

/** No operator password configured: reading works, every change answers 503 and says how to turn it on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiWithoutCredentialTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path storage = Files.createTempDirectory("api-nocred-");
        SharedNeo4j.get().springProperties(storage).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("backup.scheduler.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void changesAreOffWith503AndTheReasonWhileReadsWork() {
        Http http = new Http(port);

        for (String path : new String[] { "/api/backups", "/api/scheduler/pause", "/api/scheduler/resume",
                "/api/backups/neo4j-20200101-000000/validate" }) {
            HttpResponse<String> refused = http.send("POST", path, "{}", "operator", "anything-at-all");
            assertThat(refused.statusCode()).as(path).isEqualTo(503);
            assertThat(refused.body()).contains("API_DISABLED").contains("BACKUP_API_PASSWORD");
        }
        assertThat(http.send("DELETE", "/api/backups/neo4j-20200101-000000", null, null, null).statusCode())
                .isEqualTo(503);
        assertThat(http.get("/api/backups").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/status").statusCode()).isEqualTo(200);
    }

    /** HEAD is a GET without its body: public where reading is (a monitor's curl -I), never 401. */
    @Test
    void headIsAnsweredLikeGet() {
        Http http = new Http(port);
        for (String path : new String[] { "/api/status", "/api/backups" }) {
            HttpResponse<String> head = http.send("HEAD", path, null, null, null);
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void aLimitOutOfRangeSaysWhatALimitMayBeNotWhatABackupIdIs() {
        Http http = new Http(port);
        for (String query : new String[] { "limit=5000", "limit=0", "offset=-1", "limit=abc" }) {
            HttpResponse<String> refused = http.get("/api/backups?" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.body()).as(query).contains("INVALID_INPUT").contains("Use limit 1..1000")
                    .doesNotContain("backup id");
        }
    }

    /** The scheduler is off here: the status must not announce tonight's backup. */
    @Test
    void theStatusSaysTheSchedulerIsDisabledAndHowToEnableIt() {
        HttpResponse<String> status = new Http(port).get("/api/status");
        assertThat(status.body()).contains("\"scheduler\":\"disabled\"").contains("\"nextRun\":null")
                .contains("BACKUP_SCHEDULER_ENABLED=true");
    }
}
