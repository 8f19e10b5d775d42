package dev.neo4jbackup.notify;

import java.io.IOException;
import java.net.InetAddress;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.alert.AlertChannel;
import dev.neo4jbackup.config.BackupProperties;

/**
 * Webhooks (an {@link AlertChannel} the alert service tells of the same decisions as the mail) and the
 * dead-man's switch, each receiver with its own {@link NotifySender}. With neither configured they do nothing.
 */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

    @Bean
    NotifySenders notifySenders(BackupProperties properties, MeterRegistry meters) {
        BackupProperties.Notify notify = properties.notifications();
        return new NotifySenders(notify.connectTimeout(), notify.requestTimeout(), Backoff.standard(notify.retries()),
                notify.queueCapacity(), meters);
    }

    @Bean
    Webhooks webhooks(BackupProperties properties, NotifySenders senders) {
        Webhooks webhooks = new Webhooks(properties.notifications().webhooks(), senders, host());
        if (webhooks.size() > 0) {
            properties.notifications().webhooks().forEach((name, w) -> log.info("Alerts also go to webhook {} ({}, on {}) at {}",
                    name, w.format().name().toLowerCase(), w.on().name().toLowerCase(), Redaction.redact(w.url())));
        }
        return webhooks;
    }

    @Bean
    DeadMansSwitch deadMansSwitch(BackupProperties properties, NotifySenders senders) {
        BackupProperties.Ping ping = properties.notifications().ping();
        if (ping.enabled()) {
            log.info("Every run pings {} (start {}, success {}, fail {})", Redaction.redact(ping.url()),
                    quoted(ping.start()), quoted(ping.success()), quoted(ping.fail()));
        }
        return new DeadMansSwitch(ping, senders.create());
    }

    private static String quoted(String suffix) {
        return "'" + suffix + "'";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
