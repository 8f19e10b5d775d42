package dev.neo4jbackup.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * The service as Spring wires it, against the real Neo4j: a run whose pre-backup hook fails is aborted
 * after the preflight and before the stop (HOOK_FAILED), the on-failure hook runs from the run's event,
 * the webhook gets the BACKUP_FAILED alert with that code and the backup's id, and the ping sees start
 * then fail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Timeout(600)
class NotifyAndHooksInTheServiceTest {

    static Loopback.Endpoint receiver;
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        receiver = new Loopback.Endpoint();
        dir = Files.createTempDirectory("notify-service-");
        Path storage = Files.createDirectories(dir.resolve("backups"));
        SharedNeo4j.get().springProperties(storage).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("backup.scheduler.enabled", () -> "false");
        registry.add("backup.neo4j.stop-command", () -> "echo stop >> " + dir.resolve("order.txt") + "; bin/neo4j stop");
        registry.add("backup.hooks.pre-backup", () -> "echo pre-backup >> " + dir.resolve("order.txt")
                + "; echo maintenance window closed; exit 3");
        registry.add("backup.hooks.on-failure", () -> "echo \"on-failure $BACKUP_ERROR_CODE\" >> "
                + dir.resolve("order.txt"));
        registry.add("backup.notify.webhooks.ops.url", () -> receiver.url("/hook"));
        registry.add("backup.notify.ping.url", () -> receiver.url("/ping"));
    }

    @AfterAll
    static void close() {
        receiver.close();
    }

    @Autowired
    BackupRunner runner;

    @Test
    void aFailingPreBackupHookIsAFailedRunThatTheHooksWebhooksAndPingAllSee() throws Exception {
        RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, null));

        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.HOOK_FAILED);
        assertThat(Files.readAllLines(dir.resolve("order.txt"))).as("no stop")
                .containsExactly("pre-backup", "on-failure HOOK_FAILED");
        assertThat(SharedNeo4j.get().answers()).isTrue();

        // the ping's start, the webhook's alert and the ping's fail, on their own threads in any order
        List<Loopback.Request> requests = List.of(receiver.take(), receiver.take(), receiver.take());
        assertThat(requests).extracting(Loopback.Request::path).containsExactlyInAnyOrder("/ping/start", "/hook",
                "/ping/fail");
        Map<String, Object> alert = WebhookFormatsTest.json(requests.stream().filter(r -> r.path().equals("/hook"))
                .findFirst().orElseThrow().body(), Map.class);
        assertThat(alert).containsEntry("event", "BACKUP_FAILED").containsEntry("code", "HOOK_FAILED")
                .containsEntry("id", report.outcomes().get(0).id());
        assertThat((String) alert.get("reason")).contains("exited with 3: maintenance window closed");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> receiver.received().isEmpty());
    }
}
