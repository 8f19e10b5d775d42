package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.restore.RestoreEvents;

/** A failed restore (or drill) is mailed as a CRITICAL RESTORE_FAILED through a real SMTP server. */
class RestoreAlertMailTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path storage;

    @Test
    void aRolledBackRestoreIsMailedAsCriticalRestoreFailed() throws Exception {
        AlertHarness a = new AlertHarness(smtp.getSmtp().getPort(), storage, 0.0);
        try {
            BackupFailure failure = new BackupFailure(ErrorCode.RESTORE_HEALTH_FAILED,
                    "Restore completed but health check failed: orphan_detection: Found 45 orphaned relationships",
                    "Failed check: orphan_detection", ErrorCode.RESTORE_HEALTH_FAILED.action(), null);
            new RestoreAlerts(a.service).on(new RestoreEvents.RestoreFailed("neo4j-20261125-020000", "neo4j",
                    "primary", failure, "rolled back to the safety backup neo4j-20261125-140000", a.clock.instant()));

            await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length >= 1);
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).startsWith("[neo4j-backup] CRITICAL RESTORE_FAILED (neo4j): Restore "
                    + "completed but health check failed");
            String body = (String) mail.getContent();
            assertThat(body).contains("A restore failed").contains("RESTORE_HEALTH_FAILED")
                    .contains("Found 45 orphaned relationships").contains("Failed check: orphan_detection")
                    .contains("restore of neo4j-20261125-020000 on primary: rolled back to the safety backup");
            assertThat(a.alerts("true")).isEqualTo(1);
        } finally {
            a.close();
        }
    }
}
