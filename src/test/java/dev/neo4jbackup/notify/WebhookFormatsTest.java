package dev.neo4jbackup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.alert.Alert;
import dev.neo4jbackup.alert.AlertType;
import dev.neo4jbackup.alert.Severity;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.TestProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** What each format puts on the wire, as a real receiver on loopback gets it. */
class WebhookFormatsTest {

    static final Instant AT = Instant.parse("2026-11-25T02:00:00Z");
    /** A reason with what JSON must escape: quotes, a backslash, a new line. */
    static final Alert FAILED = new Alert(AlertType.BACKUP_FAILED, Severity.WARNING, "neo4j",
            ErrorCode.NEO4J_ADMIN_FAILED, "neo4j-admin said \"database is in use\"\nat C:\\neo4j", null,
            ErrorCode.NEO4J_ADMIN_FAILED.action(), "retry at 2026-11-25T02:05:00Z (attempt 2 of 5)", AT)
            .withBackupId("neo4j-2026-11-25T02-00-00Z");
    static final Alert RECOVERED = new Alert(AlertType.BACKUP_RECOVERED, Severity.INFO, "neo4j", null,
            "Backup neo4j-2026-11-26T02-00-00Z succeeded", null, null, "next run 2026-11-27T02:00:00Z",
            AT.plusSeconds(86400), "neo4j-2026-11-26T02-00-00Z");

    @TempDir
    Path dir;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final NotifySenders senders = new NotifySenders(Duration.ofSeconds(5), Duration.ofSeconds(30),
            new Backoff(0, Duration.ofMillis(10), Duration.ofMillis(10)), 10, meters);
    Webhooks webhooks;

    @AfterEach
    void close() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body, Class<?> type) {
        return (Map<String, Object>) JsonMapper.builder().build().readValue(body, type);
    }

    Webhooks webhooks(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("storage.path", dir.toString());
        BackupProperties properties = TestProperties.bind(all);
        webhooks = new Webhooks(properties.notifications().webhooks(), senders, "backup-host");
        return webhooks;
    }

    @Test
    void jsonIsTheDocumentedPayloadWithNullsForWhatIsMissing() throws Exception {
        try (Loopback.Endpoint endpoint = new Loopback.Endpoint()) {
            webhooks(Map.of("notify.webhooks.ops.url", endpoint.url("/hook"))).send(FAILED);

            Loopback.Request request = endpoint.take();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            Map<String, Object> payload = json(request.body(), Map.class);
            assertThat(payload.keySet()).containsExactly("event", "summary", "severity", "database", "id", "code",
                    "reason", "numbers", "action", "nextStep", "at", "host");
            assertThat(payload.get("event")).isEqualTo("BACKUP_FAILED");
            assertThat(payload.get("summary")).isEqualTo("A backup failed");
            assertThat(payload.get("severity")).isEqualTo("WARNING");
            assertThat(payload.get("database")).isEqualTo("neo4j");
            assertThat(payload.get("id")).isEqualTo("neo4j-2026-11-25T02-00-00Z");
            assertThat(payload.get("code")).isEqualTo("NEO4J_ADMIN_FAILED");
            assertThat(payload.get("reason")).isEqualTo(FAILED.reason());
            assertThat(payload.get("numbers")).isNull();
            assertThat(payload.get("action")).isEqualTo(ErrorCode.NEO4J_ADMIN_FAILED.action());
            assertThat(payload.get("nextStep")).isEqualTo("retry at 2026-11-25T02:05:00Z (attempt 2 of 5)");
            assertThat(payload.get("at")).isEqualTo("2026-11-25T02:00:00Z");
            assertThat(payload.get("host")).isEqualTo("backup-host");
        }
    }

    @Test
    void slackGetsOneTextWithTheCodeReasonActionAndNextStep() throws Exception {
        try (Loopback.Endpoint endpoint = new Loopback.Endpoint()) {
            webhooks(Map.of("notify.webhooks.chat.url", endpoint.url("/services/T/B/X"),
                    "notify.webhooks.chat.format", "slack")).send(FAILED);

            Loopback.Request request = endpoint.take();
            Map<String, Object> payload = json(request.body(), Map.class);
            assertThat(payload.keySet()).containsExactly("text");
            String text = (String) payload.get("text");
            assertThat(text).startsWith(":warning: *WARNING BACKUP_FAILED* on `neo4j` (backup-host): A backup failed\n")
                    .contains("Backup: `neo4j-2026-11-25T02-00-00Z`\n").contains("Code: `NEO4J_ADMIN_FAILED`\n")
                    .contains("Reason: " + FAILED.reason() + "\n").contains("Action: " + FAILED.action() + "\n")
                    .endsWith("Next: retry at 2026-11-25T02:05:00Z (attempt 2 of 5)");
        }
    }

    @Test
    void ntfyGetsPlainTextWithTitlePriorityAndTagHeaders() throws Exception {
        Alert critical = new Alert(AlertType.NEO4J_RESTART_FAILED, Severity.CRITICAL, "*",
                ErrorCode.NEO4J_RESTART_FAILED, "Neo4j did not answer within 120 s", "Waited: 121 s",
                ErrorCode.NEO4J_RESTART_FAILED.action(), null, AT);
        try (Loopback.Endpoint endpoint = new Loopback.Endpoint()) {
            webhooks(Map.of("notify.webhooks.phone.url", endpoint.url("/neo4j-backups"),
                    "notify.webhooks.phone.format", "ntfy")).send(critical);

            Loopback.Request request = endpoint.take();
            assertThat(request.path()).isEqualTo("/neo4j-backups");
            assertThat(request.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(request.header("Title"))
                    .isEqualTo("CRITICAL NEO4J_RESTART_FAILED: Neo4j did not come back after a backup");
            assertThat(request.header("Priority")).isEqualTo("urgent");
            assertThat(request.header("Tags")).isEqualTo("rotating_light");
            assertThat(request.body()).isEqualTo("NEO4J_RESTART_FAILED: Neo4j did not answer within 120 s\n"
                    + "Waited: 121 s\nAction: " + ErrorCode.NEO4J_RESTART_FAILED.action() + "\n"
                    + "Host: backup-host, 2026-11-25T02:00:00Z\n");
        }
    }

    @Test
    void onFailureLeavesOutRecoveriesAndAlwaysSendsThem() throws Exception {
        try (Loopback.Endpoint failures = new Loopback.Endpoint(); Loopback.Endpoint always = new Loopback.Endpoint()) {
            Webhooks both = webhooks(Map.of("notify.webhooks.a.url", failures.url("/a"),
                    "notify.webhooks.b.url", always.url("/b"), "notify.webhooks.b.on", "always"));

            both.send(RECOVERED);
            both.send(FAILED);

            // the receiver on failure gets the failure first: the recovery never went to it
            assertThat(failures.take().body()).contains("\"event\": \"BACKUP_FAILED\"");
            assertThat(always.take().body()).contains("\"event\": \"BACKUP_RECOVERED\"")
                    .contains("\"code\": null").contains("\"id\": \"neo4j-2026-11-26T02-00-00Z\"");
            assertThat(always.take().body()).contains("\"event\": \"BACKUP_FAILED\"");
            assertThat(failures.received()).isEmpty();
        }
    }

    @Test
    void anOperatorsTemplateReplacesTheShippedOne() throws Exception {
        Path template = Files.writeString(dir.resolve("teams.mustache"),
                "{\"title\": \"{{severity}} on {{host}}\", \"text\": \"{{reason}}\"{{#code}}, \"code\": \"{{code}}\"{{/code}}}");
        try (Loopback.Endpoint endpoint = new Loopback.Endpoint()) {
            webhooks(Map.of("notify.webhooks.teams.url", endpoint.url("/teams"),
                    "notify.webhooks.teams.template", template.toString())).send(FAILED);

            Map<String, Object> payload = json(endpoint.take().body(), Map.class);
            assertThat(payload).containsEntry("title", "WARNING on backup-host")
                    .containsEntry("text", FAILED.reason()).containsEntry("code", "NEO4J_ADMIN_FAILED");
        }
    }
}
