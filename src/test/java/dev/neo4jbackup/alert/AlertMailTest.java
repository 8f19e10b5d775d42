package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.schedule.SchedulerEvents;

/**
 * Alert mails through a real SMTP server (GreenMail): what each event mails, the throttle end to end,
 * and a mail server that is down or silent.
 */
class AlertMailTest {

    @RegisterExtension
    static AlertInbox inbox = new AlertInbox();

    @TempDir
    Path storage;

    AlertHarness harness() {
        return inbox.harness(storage);
    }

    static final BackupFailure DUMP_TIMED_OUT = new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED,
            "neo4j-admin dump of database 'neo4j' timed out after 6h", "Waited: 21600 s", null, null);

    static RunReport failedRun(Trigger trigger, BackupFailure failure) {
        return new RunReport(trigger, AlertHarness.T0, Duration.ofSeconds(4),
                List.of(new BackupOutcome("neo4j-20261125-020000", "neo4j", null, failure)), null, false);
    }

    static RunReport goodRun() {
        return new RunReport(Trigger.RETRY, AlertHarness.T0, Duration.ofSeconds(30),
                List.of(new BackupOutcome("neo4j-20261125-030000", "neo4j", null, null)), null, false);
    }

    SchedulerEvents.RetryScheduled retry(int failures, Instant at) {
        return new SchedulerEvents.RetryScheduled(failedRun(Trigger.SCHEDULED, DUMP_TIMED_OUT), failures, at, at);
    }

    @Test
    void aScheduledFailureMailsWhatWhyTheNumbersTheActionAndTheRetry() throws Exception {
        AlertHarness a = harness();

        a.publish(retry(1, Instant.parse("2026-11-25T02:05:00Z")));

        List<MimeMessage> mails = inbox.mailsTo("ops@example.com", 1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo(
                "[neo4j-backup] WARNING BACKUP_FAILED (neo4j): neo4j-admin dump of database 'neo4j' timed out after 6h");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("neo4j-backup@backup-host");
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("ops@example.com", "oncall@example.com");
        String body = AlertInbox.body(mail);
        assertThat(body).startsWith("WARNING: A backup failed\n")
                .contains("Alert:    BACKUP_FAILED\n")
                .contains("Database: neo4j\n")
                .contains("Code:     NEO4J_ADMIN_FAILED\n")
                .contains("Reason:   neo4j-admin dump of database 'neo4j' timed out after 6h\n")
                .contains("Numbers:  Waited: 21600 s\n")
                .contains("Action:   " + ErrorCode.NEO4J_ADMIN_FAILED.action() + "\n")
                .contains("Next:     retry at 2026-11-25T02:05Z (attempt 2 of 5)\n")
                .contains("Host:     backup-host\n")
                .contains("Time:     2026-11-25 02:00:00 UTC\n")
                .contains("http://backup-host:8080/actuator/health")
                .contains("http://backup-host:8080/actuator/prometheus");
        assertThat(a.alerts("true")).isEqualTo(1);
        await().until(() -> a.mails("delivered") == 1);
    }

    @Test
    void retriesAreQuietThenThePauseIsMailedAsCriticalWithPausedUntilResumed() throws Exception {
        AlertHarness a = harness();
        for (int failures = 1; failures <= 4; failures++) {
            a.clock.advance(Duration.ofMinutes(10));
            a.publish(retry(failures, a.clock.instant().plusSeconds(300)));
        }
        a.paused.set(true);
        a.publish(new SchedulerEvents.SchedulerPaused(failedRun(Trigger.RETRY, DUMP_TIMED_OUT), 5,
                "5 backup failures in a row", "scheduler", a.clock.instant()));

        List<MimeMessage> mails = inbox.mailsTo("ops@example.com", 2);
        assertThat(mails.get(0).getSubject()).contains("WARNING BACKUP_FAILED");
        MimeMessage pause = mails.get(1);
        assertThat(pause.getSubject()).startsWith("[neo4j-backup] CRITICAL SCHEDULER_PAUSED (neo4j): "
                + "The scheduler paused after 5 backup failures in a row");
        assertThat(AlertInbox.body(pause)).startsWith("CRITICAL: Scheduled backups are paused\n")
                .contains("Code:     NEO4J_ADMIN_FAILED\n")
                .contains("Next:     paused until resumed: neo4j-backup resume\n")
                .contains("Resume:   neo4j-backup resume   (or POST http://backup-host:8080/api/scheduler/resume)")
                .contains("Incident open since 2026-11-25 02:10:00 UTC (5 alerts)");
        // five alerts, all logged and counted; two mailed
        assertThat(a.alerts("true")).isEqualTo(2);
        assertThat(a.alerts("false")).isEqualTo(3);
    }

    @Test
    void aSuccessAfterFailuresMailsTheRecoveryAndClosesTheIncident() throws Exception {
        AlertHarness a = harness();
        a.publish(retry(1, AlertHarness.T0.plusSeconds(60)));
        a.clock.advance(Duration.ofMinutes(90));

        a.publish(new BackupEvents.RunFinished(goodRun()));

        List<MimeMessage> mails = inbox.mailsTo("ops@example.com", 2);
        MimeMessage recovered = mails.get(1);
        assertThat(recovered.getSubject())
                .isEqualTo("[neo4j-backup] INFO BACKUP_RECOVERED (neo4j): Backup neo4j-20261125-030000 succeeded");
        assertThat(AlertInbox.body(recovered)).startsWith("INFO: Backups succeed again\n")
                .contains("Closed: BACKUP_FAILED (WARNING) open since 2026-11-25 02:00:00 UTC, 1h30m, 1 alert")
                .contains("Next:     next scheduled run at 2026-11-26T02:00Z");
        assertThat(a.service.openIncidents()).isEmpty();

        // the next success has nothing to close: no mail; the next failure is a new incident: a mail
        a.publish(new BackupEvents.RunFinished(goodRun()));
        a.publish(retry(1, a.clock.instant().plusSeconds(60)));
        assertThat(inbox.mailsTo("ops@example.com", 3).get(2).getSubject()).contains("WARNING BACKUP_FAILED");
    }

    @Test
    void theSameIncidentIsMailedAgainAfterTheRepeatIntervalAndOnASeverityChange() throws Exception {
        AlertHarness a = harness();
        BackupFailure noSpace = new BackupFailure(ErrorCode.BACKUP_NO_SPACE, "Not enough space in /backups",
                "Required: 524.0 MB | Available: 50.0 MB", null, null);
        a.publish(new BackupEvents.BackupFailed("neo4j-20261125-020000", "neo4j", Trigger.MANUAL, noSpace,
                a.clock.instant()));
        a.clock.advance(Duration.ofHours(23));
        a.publish(new BackupEvents.BackupFailed("neo4j-20261126-010000", "neo4j", Trigger.MANUAL, noSpace,
                a.clock.instant()));
        a.clock.advance(Duration.ofHours(2));
        a.publish(new BackupEvents.BackupFailed("neo4j-20261126-030000", "neo4j", Trigger.MANUAL, noSpace,
                a.clock.instant()));

        List<MimeMessage> mails = inbox.mailsTo("ops@example.com", 2);
        assertThat(mails).extracting(MimeMessage::getSubject).allMatch(s -> s.contains("CRITICAL DISK_LOW (neo4j)"));
        assertThat(AlertInbox.body(mails.get(0))).contains("Numbers:  Required: 524.0 MB | Available: 50.0 MB\n")
                .contains("Next:     manual backup neo4j-20261125-020000 failed; next scheduled run at 2026-11-26T02:00Z");
        assertThat(AlertInbox.body(mails.get(1))).contains("Incident open since 2026-11-25 02:00:00 UTC (3 alerts)");

        // a check now finds the storage merely low: the severity changes, so that is mailed too
        AlertHarness low = a;
        low.service.raise(new Alert(AlertType.DISK_LOW, Severity.WARNING, "*", ErrorCode.BACKUP_NO_SPACE,
                "Free space is under the minimum", "Free: 1.0 GB of 10.0 GB (10.0 %) | Minimum: 20 %", null,
                null, a.clock.instant()));
        assertThat(inbox.mailsTo("ops@example.com", 3).get(2).getSubject()).startsWith("[neo4j-backup] WARNING DISK_LOW: ");
    }

    @Test
    void aStaleBackupIsMailedOnceThenAgainWhenItGetsCritical() throws Exception {
        AlertHarness a = harness();
        Instant lastSuccess = AlertHarness.T0.minus(Duration.ofHours(20));
        AlertChecks checks = new AlertChecks(a.service, a.runAlerts, db -> Optional.of(lastSuccess), a.next,
                List.of("neo4j"), Duration.ofHours(25), Duration.ofMinutes(1), a.clock, a.checksScheduler);

        checks.runOnce(); // 20 h: fine
        a.clock.advance(Duration.ofHours(6));
        checks.runOnce(); // 26 h: stale
        a.clock.advance(Duration.ofMinutes(1));
        checks.runOnce(); // still stale: same incident, quiet
        a.clock.advance(Duration.ofHours(24));
        checks.runOnce(); // 50 h: twice the limit, critical

        List<MimeMessage> mails = inbox.mailsTo("ops@example.com", 2);
        assertThat(mails.get(0).getSubject()).isEqualTo(
                "[neo4j-backup] WARNING BACKUP_STALE (neo4j): The last successful backup of neo4j is 26h old");
        assertThat(AlertInbox.body(mails.get(0)))
                .contains("Numbers:  Last success: 2026-11-24T06:00Z | Age: 26h | Limit: 25h (backup.max-age)\n");
        assertThat(mails.get(1).getSubject()).contains("CRITICAL BACKUP_STALE (neo4j)").contains("2d2h old");
    }

    @Test
    void aMailServerThatIsDownNeitherFailsNorDelaysAndItsAlertIsDeliveredWhenItIsBack() throws Exception {
        int port = freePort();
        AlertHarness a = inbox.harness(port, storage);

        long start = System.nanoTime();
        a.publish(retry(1, AlertHarness.T0.plusSeconds(60)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

        await().atMost(Duration.ofSeconds(10)).until(() -> a.mails("failed") == 1);
        assertThat(a.alerts("true")).as("counted as mailed: it was handed to the mailer").isEqualTo(1);
        assertThat(a.service.pendingMails()).isEqualTo(1);

        GreenMail back = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        back.start();
        try {
            // the next event (a retry the throttle keeps quiet) brings the undelivered mail, with its newer facts
            a.clock.advance(Duration.ofMinutes(5));
            a.publish(retry(2, a.clock.instant().plusSeconds(300)));
            assertThat(back.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage mail = back.getReceivedMessages()[0];
            assertThat(mail.getSubject()).contains("WARNING BACKUP_FAILED (neo4j)");
            assertThat(AlertInbox.body(mail)).contains("(attempt 3 of 5)");
            await().until(() -> a.mails("delivered") == 1);
            assertThat(a.service.pendingMails()).isZero();
        } finally {
            back.stop();
        }
    }

    @Test
    void aMailServerThatNeverAnswersHoldsUpOnlyTheMailThread() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            // the acceptor thread adds while the test closes them: a list safe to iterate during adds
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accepts, never greets
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            AlertHarness a = inbox.harness(silent.getLocalPort(), storage);

            long start = System.nanoTime();
            a.publish(retry(1, AlertHarness.T0.plusSeconds(60)));
            a.publish(new SchedulerEvents.SchedulerPaused(failedRun(Trigger.RETRY, DUMP_TIMED_OUT), 5, "x",
                    "scheduler", AlertHarness.T0));
            a.publish(new BackupEvents.RunFinished(goodRun()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

            await().atMost(Duration.ofSeconds(20)).until(() -> a.mails("failed") >= 1);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aMailTheFullQueueRefusesFailsAtOnceInsteadOfPilingUp() throws Exception {
        // the kernel completes the connection (backlog) and nobody ever greets: the first mail holds the thread
        try (ServerSocket silent = new ServerSocket(0)) {
            ThreadPoolTaskExecutor executor = AlertConfiguration.mailExecutor();
            executor.setQueueCapacity(1);
            executor.initialize();
            try {
                AlertMailer mailer = new AlertMailer(AlertHarness.sender(silent.getLocalPort()),
                        List.of("ops@example.com"), "neo4j-backup@backup-host", executor);
                AlertMail.Rendered mail = new AlertMail.Rendered("[neo4j-backup] WARNING DISK_LOW: x", "body");

                mailer.send(mail); // on the mail thread, waiting for the greeting
                mailer.send(mail); // waits in the queue
                CompletableFuture<Void> refused = mailer.send(mail);

                assertThat(refused).isCompletedExceptionally();
                assertThatThrownBy(refused::join).cause().isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("the mail queue is full");
            } finally {
                executor.getThreadPoolExecutor().shutdownNow();
            }
        }
    }

    @Test
    void withoutAMailServerAlertsAreLoggedAndCountedOnly() {
        AlertHarness a = inbox.harness(null, storage);
        a.publish(retry(1, AlertHarness.T0.plusSeconds(60)));
        a.publish(new BackupEvents.RunFinished(goodRun()));
        assertThat(a.alerts("false")).isEqualTo(2);
        assertThat(a.alerts("true")).isZero();
        assertThat(a.service.mailEnabled()).isFalse();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
