package dev.neo4jbackup.alert;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.neo4jbackup.format.Durations;

/**
 * Renders an alert as a plain-text mail an operator can act on from a phone: what, where, why, the
 * numbers, the action, what happens next, and where to look.
 *
 * @param host    the host the service runs on (the mail names it: several services may mail one inbox)
 * @param baseUrl where the service's HTTP endpoints are, e.g. http://backup-host:8080
 */
record AlertMail(String subjectPrefix, String host, String baseUrl, Duration repeatInterval) {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A rendered mail. */
    record Rendered(String subject, String body) {
    }

    Rendered render(Alert alert, Incident incident, List<Incident> closed) {
        return new Rendered(subject(alert), body(alert, incident, closed));
    }

    String subject(Alert alert) {
        StringBuilder subject = new StringBuilder();
        if (subjectPrefix != null && !subjectPrefix.isBlank()) {
            subject.append(subjectPrefix.trim()).append(' ');
        }
        subject.append(alert.severity()).append(' ').append(alert.type());
        if (!IncidentKey.ALL.equals(alert.database())) {
            subject.append(" (").append(alert.database()).append(')');
        }
        subject.append(": ").append(firstLine(alert.reason(), 100));
        return subject.toString();
    }

    String body(Alert alert, Incident incident, List<Incident> closed) {
        StringBuilder body = new StringBuilder();
        body.append(alert.severity()).append(": ").append(alert.type().what()).append("\n\n");
        row(body, "Alert", alert.type().name());
        row(body, "Severity", alert.severity().name());
        row(body, "Database", IncidentKey.ALL.equals(alert.database()) ? "all (Neo4j / storage)" : alert.database());
        row(body, "Code", alert.code() == null ? null : alert.code().name());
        row(body, "Reason", alert.reason());
        row(body, "Numbers", alert.numbers());
        row(body, "Action", alert.action());
        row(body, "Next", alert.nextStep());
        row(body, "Host", host);
        row(body, "Time", TIME.format(alert.at()));
        body.append('\n');
        if (incident != null) {
            body.append("Incident open since ").append(TIME.format(incident.openedAt())).append(" (")
                    .append(incident.alerts()).append(incident.alerts() == 1 ? " alert" : " alerts")
                    .append("). While it lasts, the same alert is mailed again at most every ")
                    .append(Durations.compact(repeatInterval))
                    .append(" and on every change of severity; a recovery mail closes it.\n\n");
        }
        for (Incident done : closed) {
            body.append("Closed: ").append(done.type()).append(" (").append(done.severity()).append(") open since ")
                    .append(TIME.format(done.openedAt())).append(", ")
                    .append(Durations.compact(Duration.between(done.openedAt(), alert.at()))).append(", ")
                    .append(done.alerts()).append(done.alerts() == 1 ? " alert" : " alerts").append('\n');
        }
        if (!closed.isEmpty()) {
            body.append('\n');
        }
        String base = baseUrl == null ? "" : baseUrl.replaceAll("/+$", "");
        body.append("Where to look:\n");
        body.append("  Health:   ").append(base).append("/actuator/health\n");
        body.append("  Metrics:  ").append(base).append("/actuator/prometheus\n");
        if (alert.type() == AlertType.SCHEDULER_PAUSED) {
            body.append("  Resume:   neo4j-backup resume   (or POST ").append(base).append("/api/scheduler/resume)\n");
        }
        body.append("  Backups:  neo4j-backup list\n");
        body.append("\n-- \nneo4j-backup-service on ").append(host).append('\n');
        return body.toString();
    }

    private static void row(StringBuilder body, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        body.append(String.format(Locale.ROOT, "%-10s%s\n", name + ":", value.replace("\n", "\n          ")));
    }

    private static String firstLine(String text, int max) {
        String line = text.lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
