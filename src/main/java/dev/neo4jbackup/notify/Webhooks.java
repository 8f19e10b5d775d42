package dev.neo4jbackup.notify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.samskivert.mustache.Template;

import dev.neo4jbackup.alert.Alert;
import dev.neo4jbackup.alert.AlertChannel;
import dev.neo4jbackup.alert.Severity;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.BackupProperties.WebhookFormat;
import dev.neo4jbackup.config.BackupProperties.WebhookOn;

/**
 * Every {@code backup.notify.webhooks.<name>} as an alert channel: told by the alert service of the alerts
 * its throttle lets through (the same as the mail), each rendered with its template and queued on its
 * own {@link NotifySender}. {@code on: failure} leaves out the recoveries (INFO), {@code always} sends them too.
 */
class Webhooks implements AlertChannel, AutoCloseable {

    private record Receiver(String name, String url, WebhookFormat format, WebhookOn on, Template template,
            NotifySender sender) {
    }

    private final List<Receiver> receivers = new ArrayList<>();
    private final String host;

    Webhooks(Map<String, BackupProperties.Webhook> webhooks, NotifySenders senders, String host) {
        this.host = host;
        webhooks.forEach((name, w) -> {
            Path own = w.template();
            receivers.add(new Receiver(name, w.url().trim(), w.format(), w.on(),
                    WebhookTemplates.compile(name, w.format(), own), senders.create()));
        });
    }

    @Override
    public void send(Alert alert) {
        Map<String, Object> model = WebhookPayload.of(alert, host);
        for (Receiver receiver : receivers) {
            if (receiver.on == WebhookOn.FAILURE && alert.severity() == Severity.INFO) {
                continue;
            }
            String body = WebhookTemplates.render(receiver.template, model);
            Delivery delivery = switch (receiver.format) {
                case JSON, SLACK -> new Delivery("webhook/" + receiver.name, alert.type().name(), receiver.url,
                        "application/json", body, Map.of());
                case NTFY -> new Delivery("webhook/" + receiver.name, alert.type().name(), receiver.url,
                        "text/plain; charset=utf-8", body, WebhookPayload.ntfyHeaders(alert));
            };
            receiver.sender.submit(delivery);
        }
    }

    @Override
    public void close() {
        receivers.forEach(r -> r.sender.close());
    }

    int size() {
        return receivers.size();
    }

    @Override
    public String toString() {
        return "webhooks " + receivers.stream().map(Receiver::name).toList();
    }
}
