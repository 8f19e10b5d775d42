package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.testing.TestManifests;

/**
 * A backup kept although it is much smaller than the one before it (backup.anomaly.fail=false) is a WARNING
 * BACKUP_ANOMALY mail with the numbers and the action, through a real SMTP server and the alerts' own throttle (the
 * same incident again is not mailed again, one of the usual size closes it); a backup without an anomaly raises
 * none. (The runner's side is
 * BackupAnomalyTest's.)
 */
class AnomalyAlertTest {

    @RegisterExtension
    static AlertInbox inbox = new AlertInbox();

    @TempDir
    Path storage;

    private static RunReport run(String id, boolean anomalous) {
        GraphStats graph = new GraphStats(12, 3, Map.of("Person", 12L), Map.of("KNOWS", 3L), 1, 0);
        Manifest manifest = TestManifests.dump(id).created(AlertHarness.T0).rawBytes(1000).storedBytes(300)
                .ratio(0.3).sha256("00").durationsMs(Map.of("total", 1000L)).graph(graph).kind(Kind.DUMP)
                .anomaly(anomalous ? new Manifest.Anomaly("neo4j-20261124-020000",
                        List.of("nodes", "relationships"), 0.5, "nodes 12 (was 10000, down 99.9 %), relationships 3 "
                                + "(was 30000, down 100.0 %) since neo4j-20261124-020000: more than the 50 % "
                                + "backup.anomaly.threshold allows") : null).build();
        return new RunReport(Trigger.SCHEDULED, AlertHarness.T0, Duration.ofSeconds(1),
                List.of(new BackupOutcome(id, "neo4j", manifest, null)), null, false);
    }

    @Test
    void aKeptAnomalousBackupIsAThrottledWarningWithItsNumbers() throws Exception {
        AlertHarness alerts = inbox.harness(storage);

        alerts.publish(new BackupEvents.RunFinished(run("neo4j-20261125-020000", true)));
        alerts.clock.advance(Duration.ofMinutes(10));
        alerts.publish(new BackupEvents.RunFinished(run("neo4j-20261125-021000", true)));

        MimeMessage mail = inbox.mails(1).get(0);
        assertThat(mail.getSubject()).startsWith("[neo4j-backup] WARNING BACKUP_ANOMALY (neo4j): ");
        assertThat(AlertInbox.body(mail)).contains("The backup neo4j-20261125-020000 is much smaller than "
                + "neo4j-20261124-020000 (nodes, relationships); it was kept and flagged",
                "nodes 12 (was 10000, down 99.9 %)", "Check the database for lost data");
        assertThat(alerts.meters.find(AlertService.ALERTS).tag("type", "BACKUP_ANOMALY").counters().stream()
                .mapToDouble(Counter::count).sum()).as("raised twice, mailed once")
                .isEqualTo(2);

        // a backup of the usual size closes the incident (without a mail of its own): the next anomaly is news again
        alerts.clock.advance(Duration.ofDays(1));
        alerts.publish(new BackupEvents.RunFinished(run("neo4j-20261126-020000", false)));
        alerts.publish(new BackupEvents.RunFinished(run("neo4j-20261127-020000", true)));
        MimeMessage second = inbox.mails(2).get(1);
        assertThat(second.getSubject()).startsWith("[neo4j-backup] WARNING BACKUP_ANOMALY (neo4j): ");
        assertThat(AlertInbox.body(second)).contains("The backup neo4j-20261127-020000 is much smaller");
    }
}
