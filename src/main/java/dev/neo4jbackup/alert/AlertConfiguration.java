package dev.neo4jbackup.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.schedule.BackupScheduler;
import dev.neo4jbackup.schedule.TaskSchedulers;

/**
 * Alerts: the throttle, the mailer (only when spring.mail.host and BACKUP_ALERT_EMAIL are both set), the
 * listeners of run and scheduler events, and the periodic stale-backup and disk checks, with the executor
 * the mails go out on and the task scheduler the checks run on. Those two are no default candidates: they are
 * injected by name only, so that nobody else's {@code Executor} or {@code TaskScheduler} is made ambiguous.
 */
@Configuration(proxyBeanMethods = false)
public class AlertConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);
    /** Mails that may wait for a slow mail server; more are refused, kept as undelivered and sent later. */
    static final int MAIL_QUEUE = 100;
    /** Mails in flight get this long at shutdown; a dead server does not hold the shutdown up longer. */
    static final int MAIL_END_SECONDS = 5;

    /**
     * The one thread mails go out on ({@code alert-mailer-1} in a thread dump), with a bounded queue: a dead
     * mail server makes mails wait there (seconds each, at the transport's timeouts), not pile up without end.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskExecutor alertMailExecutor() {
        return mailExecutor();
    }

    static ThreadPoolTaskExecutor mailExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(MAIL_QUEUE);
        executor.setThreadNamePrefix("alert-mailer-");
        executor.setDaemon(true);
        executor.setAcceptTasksAfterContextClose(false);
        // queued mails still go out at shutdown, for at most MAIL_END_SECONDS
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(MAIL_END_SECONDS);
        return executor;
    }

    /**
     * The periodic checks' thread ({@code alert-checks-1}). A check is interrupted when the context closes:
     * it only reads files and hands mails to the mail executor.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler alertTaskScheduler() {
        return checksScheduler();
    }

    static ThreadPoolTaskScheduler checksScheduler() {
        return TaskSchedulers.oneThread("alert-checks-", false, 0);
    }

    @Bean
    AlertService alertService(BackupProperties properties, ObjectProvider<JavaMailSender> sender, MeterRegistry meters,
            @Value("${spring.mail.username:}") String mailUser, @Value("${backup.alert.base-url:}") String baseUrl,
            @Value("${server.port:8080}") int port, @Qualifier("alertMailExecutor") TaskExecutor mailExecutor,
            ObjectProvider<AlertChannel> channels) {
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
            mailer = new AlertMailer(mailSender, alert.email(), from, mailExecutor);
            log.info("Alerts are mailed to {} from {}", String.join(", ", alert.email()), from);
        }
        AlertMail mail = new AlertMail(alert.subjectPrefix(), host,
                baseUrl.isBlank() ? "http://" + host + ":" + port : baseUrl, alert.repeatInterval());
        return new AlertService(new ThrottlePolicy(alert.repeatInterval()), mail, mailer, meters,
                channels.orderedStream().toList());
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
    OffsiteAlerts offsiteAlerts(AlertService alerts) {
        return new OffsiteAlerts(alerts);
    }

    @Bean
    TrustAlerts trustAlerts(AlertService alerts) {
        return new TrustAlerts(alerts);
    }

    @Bean
    AlertChecks alertChecks(AlertService alerts, RunAlerts runAlerts, NextStep next, BackupProperties properties,
            StateStore state, BackupCatalog catalog, Clock clock,
            @Value("${backup.alert.check-interval:1m}") Duration interval,
            @Qualifier("alertTaskScheduler") TaskScheduler tasks) {
        return new AlertChecks(alerts, runAlerts, database -> lastSuccess(state, catalog, database), next,
                properties.databases(), properties.maxAge(), interval, clock, tasks);
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
