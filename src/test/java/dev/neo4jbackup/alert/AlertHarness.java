package dev.neo4jbackup.alert;

import dev.neo4jbackup.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.schedule.SchedulerEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The alert classes wired as AlertConfiguration wires them, without a Spring context: a real mail
 * sender to a port, a clock the test moves, and events handed over as Spring would. The mail executor and
 * the checks' task scheduler are configured as the service's and shut down by {@link #close()} as Spring
 * would (mails in flight get their moment).
 */
final class AlertHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicReference<Optional<Instant>> nextRun = new AtomicReference<>(Optional.of(T0.plusSeconds(86400)));
    final AtomicBoolean paused = new AtomicBoolean();
    final AlertService service;
    final RunAlerts runAlerts;
    final NextStep next;
    final ThreadPoolTaskExecutor mailExecutor = AlertConfiguration.mailExecutor();
    final ThreadPoolTaskScheduler checksScheduler = AlertConfiguration.checksScheduler();

    /** @param smtpPort null for no mail server (log only) */
    AlertHarness(Integer smtpPort, Path storage, double minFreeRatio) {
        mailExecutor.initialize();
        checksScheduler.initialize();
        AlertMailer mailer = smtpPort == null ? null
                : new AlertMailer(sender(smtpPort), List.of("ops@example.com", "oncall@example.com"),
                        "neo4j-backup@backup-host", mailExecutor);
        service = new AlertService(new ThrottlePolicy(Duration.ofHours(24)),
                new AlertMail("[neo4j-backup]", "backup-host", "http://backup-host:8080", Duration.ofHours(24)),
                mailer, meters);
        next = new NextStep(nextRun::get, paused::get);
        runAlerts = new RunAlerts(service, next, new DiskSpace(storage, minFreeRatio), List.of("neo4j"), 5,
                () -> ServiceState.INITIAL, clock);
    }

    static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Properties props = new Properties();
        // what docs/observability.md recommends: a dead server costs seconds on the mail thread, not minutes
        props.put("mail.smtp.connectiontimeout", "2000");
        props.put("mail.smtp.timeout", "2000");
        props.put("mail.smtp.writetimeout", "2000");
        sender.setJavaMailProperties(props);
        return sender;
    }

    /** What Spring's event multicaster does for these listeners. */
    void publish(Object event) {
        if (event instanceof BackupEvents.BackupFailed e) {
            runAlerts.on(e);
        } else if (event instanceof BackupEvents.Neo4jRestartFailed e) {
            runAlerts.on(e);
        } else if (event instanceof BackupEvents.Neo4jRecoveredAfterCrash e) {
            runAlerts.on(e);
        } else if (event instanceof BackupEvents.RunFinished e) {
            runAlerts.on(e);
        } else if (event instanceof SchedulerEvents.RetryScheduled e) {
            runAlerts.on(e);
        } else if (event instanceof SchedulerEvents.SchedulerPaused e) {
            runAlerts.on(e);
        }
    }

    double alerts(String sent) {
        return meters.find(AlertService.ALERTS).tag("sent", sent).counters().stream().mapToDouble(Counter::count)
                .sum();
    }

    double mails(String result) {
        Counter counter = meters.find(AlertService.MAILS).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        checksScheduler.destroy();
        mailExecutor.destroy();
    }
}
