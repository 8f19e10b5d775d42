package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;


import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.schedule.SchedulerEvents;

/**
 * What ops reads after a crash and after a shutdown, through a real SMTP server: a recovery says what
 * happened (not "did not come back"), and a backup the shutdown cut short is no failure.
 */
class RecoveryAndShutdownAlertsTest {

    @RegisterExtension
    static AlertInbox inbox = new AlertInbox();

    @TempDir
    Path storage;

    @Test
    void aRecoveryAfterACrashSaysNeo4jWasLeftStoppedAndStartedAgain() throws Exception {
        AlertHarness alerts = inbox.harness(storage);

        alerts.publish(new BackupEvents.Neo4jRecoveredAfterCrash(Instant.parse("2026-11-25T01:59:50Z"), true,
                AlertHarness.T0, "pid 4242 on backup-host", "neo4j-admin database dump neo4j (pid 4300)"));

        MimeMessage mail = inbox.mails(1).get(0);
        assertThat(mail.getSubject()).startsWith("[neo4j-backup] WARNING NEO4J_LEFT_STOPPED: ");
        String body = AlertInbox.body(mail);
        assertThat(body).startsWith("WARNING: Neo4j was left stopped by a crashed run; started again\n")
                .contains("A backup run (pid 4242 on backup-host) stopped Neo4j at 2026-11-25T01:59:50Z and died "
                        + "before starting it again; the neo4j-admin database dump neo4j (pid 4300) it left running "
                        + "was ended first; this start of the service started Neo4j again and it answers")
                .doesNotContain("NEO4J_RESTART_FAILED").doesNotContain("did not come back");
    }

    @Test
    void aRecoveryWhoseStartFailsIsCriticalAndSaysSo() throws Exception {
        AlertHarness alerts = inbox.harness(storage);

        alerts.publish(new BackupEvents.Neo4jRecoveredAfterCrash(Instant.parse("2026-11-25T01:59:50Z"), false,
                AlertHarness.T0, "pid 4242 on backup-host", null));

        MimeMessage mail = inbox.mails(1).get(0);
        assertThat(mail.getSubject()).startsWith("[neo4j-backup] CRITICAL NEO4J_RESTART_FAILED: ");
        assertThat(AlertInbox.body(mail)).contains("died before starting it again; starting it again at this "
                + "start of the service did not make it answer");
    }

    @Test
    void aBackupTheShutdownCutShortIsNotAlertedAsAFailure() throws Exception {
        AlertHarness alerts = inbox.harness(storage);
        BackupFailure shutdown = new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down");
        RunReport cutShort = new RunReport(Trigger.MANUAL, AlertHarness.T0, Duration.ofSeconds(9),
                List.of(new BackupOutcome("neo4j-20261125-020000", "neo4j", null, shutdown)), shutdown, false);
        alerts.publish(new BackupEvents.RunFinished(cutShort));

        // Neo4j did not come back after a shutdown-aborted dump: that alone is the alert, the aborted backup is not
        BackupFailure notBack = new BackupFailure(ErrorCode.NEO4J_RESTART_FAILED, "Neo4j did not answer over Bolt");
        RunReport notBackRun = new RunReport(Trigger.SCHEDULED, AlertHarness.T0, Duration.ofSeconds(9),
                List.of(new BackupOutcome("neo4j-20261125-020000", "neo4j", null, shutdown),
                        new BackupOutcome("movies-20261125-020000", "movies", null, notBack)),
                notBack, false);
        alerts.publish(new SchedulerEvents.RetryScheduled(notBackRun, 1, AlertHarness.T0.plusSeconds(60),
                AlertHarness.T0.plusSeconds(60)));

        List<MimeMessage> mails = inbox.mails(1);
        assertThat(mails.get(0).getSubject()).contains("(movies)").doesNotContain("(neo4j)");
        assertThat(AlertInbox.body(mails.get(0))).doesNotContain("shutting down");
    }
}
