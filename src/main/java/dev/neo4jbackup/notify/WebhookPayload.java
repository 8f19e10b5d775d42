package dev.neo4jbackup.notify;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.neo4jbackup.alert.Alert;
import dev.neo4jbackup.alert.Severity;

/**
 * The values a webhook template sees, taken from one alert: event, summary, severity, database, id, code,
 * reason, numbers, action, nextStep, at, host (documented in docs/notifications.md). A value that is
 * missing (no code for a recovery, no numbers) is absent, so {@code {{#code}}...{{/code}}} leaves it out.
 */
final class WebhookPayload {

    private WebhookPayload() {
    }

    static Map<String, Object> of(Alert alert, String host) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", alert.type().name());
        model.put("summary", alert.type().what());
        model.put("severity", alert.severity().name());
        model.put("database", alert.database());
        // "*" is Neo4j itself or the storage: a sentence reads better without it
        model.put("databaseNamed", !"*".equals(alert.database()));
        putIfPresent(model, "id", alert.backupId());
        putIfPresent(model, "code", alert.code() == null ? null : alert.code().name());
        model.put("reason", alert.reason());
        putIfPresent(model, "numbers", alert.numbers());
        putIfPresent(model, "action", alert.action());
        putIfPresent(model, "nextStep", alert.nextStep());
        model.put("at", alert.at().toString());
        model.put("host", host);
        model.put("icon", switch (alert.severity()) {
            case CRITICAL -> ":red_circle:";
            case WARNING -> ":warning:";
            case INFO -> ":white_check_mark:";
        });
        return model;
    }

    /** ntfy's headers: the title, the priority (urgent, high, default) and a tag that ntfy shows as an emoji. */
    static Map<String, String> ntfyHeaders(Alert alert) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Title", alert.severity() + " " + alert.type().name()
                + ("*".equals(alert.database()) ? "" : " " + alert.database()) + ": " + alert.type().what());
        headers.put("Priority", alert.severity() == Severity.CRITICAL ? "urgent"
                : alert.severity() == Severity.WARNING ? "high" : "default");
        headers.put("Tags", alert.severity() == Severity.CRITICAL ? "rotating_light"
                : alert.severity() == Severity.WARNING ? "warning" : "white_check_mark");
        return headers;
    }

    private static void putIfPresent(Map<String, Object> model, String key, String value) {
        if (value != null && !value.isBlank()) {
            model.put(key, value);
        }
    }
}
