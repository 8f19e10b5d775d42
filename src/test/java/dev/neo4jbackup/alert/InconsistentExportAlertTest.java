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
 * A logical export that saw writes while it ran and was kept (backup.logical.require-consistent=false) is a
 * WARNING BACKUP_INCONSISTENT mail with the evidence and the action, through a real SMTP server; a consistent
 * one raises none. (The runner's side, writes during an export making it inconsistent, is LogicalBackupTest's.)
 */
class InconsistentExportAlertTest {

    @RegisterExtension
    static AlertInbox inbox = new AlertInbox();

    @TempDir
    Path storage;

    private static RunReport run(String id, boolean consistent) {
        GraphStats before = new GraphStats(100, 50, Map.of("Person", 100L), Map.of("KNOWS", 50L), 1, 0);
        GraphStats after = consistent ? before
                : new GraphStats(101, 50, Map.of("Person", 101L), Map.of("KNOWS", 50L), 1, 0);
        String evidence = consistent ? "last committed transaction 7 and the counts were the same"
                : "writes during the export: last committed transaction 7 before, 9 after; nodes 100 before, 101 after";
        Manifest.Logical logical = new Manifest.Logical(consistent, evidence, "7", consistent ? "7" : "9", before,
                after, List.of(), List.of("BackupMetadata"), 100, 50, "ab");
        Manifest manifest = TestManifests.dump(id).created(AlertHarness.T0).status(Manifest.Status.VALIDATED)
                .archive(id + ".jsonl.gz").rawBytes(1000).storedBytes(300).ratio(0.3).sha256("00")
                .durationsMs(Map.of("total", 1000L)).graph(before).stopMode("none").validatedAt(AlertHarness.T0)
                .validation("ok").kind(Kind.LOGICAL).logical(logical).build();
        return new RunReport(Trigger.SCHEDULED, AlertHarness.T0, Duration.ofSeconds(1),
                List.of(new BackupOutcome(id, "neo4j", manifest, null)), null, false);
    }

    @Test
    void aKeptInconsistentExportIsAWarningWithTheEvidenceAndAConsistentOneIsNot() throws Exception {
        AlertHarness alerts = inbox.harness(storage);

        alerts.publish(new BackupEvents.RunFinished(run("neo4j-20261125-020000", false)));

        MimeMessage mail = inbox.mails(1).get(0);
        assertThat(mail.getSubject()).startsWith("[neo4j-backup] WARNING BACKUP_INCONSISTENT (neo4j): ");
        assertThat(AlertInbox.body(mail)).contains("The logical export neo4j-20261125-020000 saw writes while it ran",
                "backup.logical.require-consistent=false", "nodes 100 before, 101 after");

        // the next export is consistent: no second warning, the open one is closed (the recovery mail)
        alerts.clock.advance(Duration.ofDays(1));
        alerts.publish(new BackupEvents.RunFinished(run("neo4j-20261126-020000", true)));
        MimeMessage second = inbox.mails(2).get(1);
        assertThat(second.getSubject()).doesNotContain("BACKUP_INCONSISTENT").contains("INFO");
        assertThat(alerts.meters.find(AlertService.ALERTS).tag("type", "BACKUP_INCONSISTENT").counters().stream()
                .mapToDouble(Counter::count).sum()).isEqualTo(1);
    }
}
