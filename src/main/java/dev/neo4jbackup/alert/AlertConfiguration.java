package dev.neo4jbackup.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.schedule.BackupScheduler;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Alerts: the throttle, the mailer (only when spring.mail.host and BACKUP_ALERT_EMAIL are both set), the
 * listeners of run and scheduler events, and the periodic stale-backup and disk checks.
 */
@Configuration(proxyBeanMethods = false)
public class AlertConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

    @Bean
    AlertService alertService(BackupProperties properties, ObjectProvider<JavaMailSender> sender, MeterRegistry meters,
            @Value("${spring.mail.username:}") String mailUser, @Value("${backup.alert.base-url:}") String baseUrl,
            @Value("${server.port:8080}") int port) {
        BackupProperties.Alert alert = properties.alert();
        String host = host();
        JavaMailSender mailSender = sender.getIfAvailable();
        AlertMailer mailer = null;
        if (mailSender == null || alert.email().isEmpty()) {
            // said once, here, rather than with every alert
            log.warn("ALERTS_LOG_ONLY: {}; alerts are logged and counted (neo4j_backup_alerts_total) but not mailed",
                    mailSender == null && alert.email().isEmpty()
                            ? "no mail server (spring.mail.host) and no recipients (BACKUP_ALERT_EMAIL)"
                            : mailSender == null ? "no mail server configured (spring.mail.host)"
                                    : "no recipients configured (BACKUP_ALERT_EMAIL)");
        } else {
            String from = alert.from() != null && !alert.from().isBlank() ? alert.from()
                    : mailUser.contains("@") ? mailUser : "neo4j-backup@" + host;
            mailer = new AlertMailer(mailSender, alert.email(), from);
            log.info("Alerts are mailed to {} from {}", String.join(", ", alert.email()), from);
        }
        AlertMail mail = new AlertMail(alert.subjectPrefix(), host,
                baseUrl.isBlank() ? "http://" + host + ":" + port : baseUrl, alert.repeatInterval());
        return new AlertService(new ThrottlePolicy(alert.repeatInterval()), mail, mailer, meters);
    }

    @Bean
    NextStep alertNextStep(ObjectProvider<BackupScheduler> scheduler, StateStore state) {
        return new NextStep(() -> Optional.ofNullable(scheduler.getIfAvailable()).flatMap(BackupScheduler::nextRun),
                () -> state.read().paused());
    }

    @Bean
    RunAlerts runAlerts(AlertService alerts, NextStep next, BackupProperties properties, StateStore state,
            Clock clock) {
        return new RunAlerts(alerts, next, new DiskSpace(properties.storage().path(), properties.disk().minFreeRatio()),
                properties.databases(), properties.retry().pauseAfter(), state::read, clock);
    }

    @Bean
    RestoreAlerts restoreAlerts(AlertService alerts) {
        return new RestoreAlerts(alerts);
    }

    @Bean
    AlertChecks alertChecks(AlertService alerts, RunAlerts runAlerts, NextStep next, BackupProperties properties,
            StateStore state, BackupCatalog catalog, Clock clock,
            @Value("${backup.alert.check-interval:1m}") Duration interval) {
        return new AlertChecks(alerts, runAlerts, database -> lastSuccess(state, catalog, database), next,
                properties.databases(), properties.maxAge(), interval, clock);
    }

    /** The later of the state file's last success and the newest manifest: either may be missing. */
    static Optional<Instant> lastSuccess(StateStore state, BackupCatalog catalog, String database) {
        Instant fromState = state.read().lastSuccessAt();
        // only real successes: a FAILED, CORRUPTED or INVALID manifest is no "last success"
        Optional<Instant> fromCatalog = catalog.successes().stream().filter(m -> m.database().equals(database))
                .map(Manifest::created).max(Comparator.naturalOrder());
        return Stream.concat(Stream.ofNullable(fromState), fromCatalog.stream()).max(Comparator.naturalOrder());
    }

    private static String host() {
        return HostName.local();
    }
}
