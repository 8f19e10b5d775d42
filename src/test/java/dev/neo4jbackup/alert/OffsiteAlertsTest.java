package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.offsite.OffsiteEvents;

/**
 * A failed off-site upload is OFFSITE_FAILED, a WARNING, throttled like every alert (the queue's every retry does
 * not raise it again), and a delivery closes the incident, so the next failure is told again.
 */
@ExtendWith(OutputCaptureExtension.class)
class OffsiteAlertsTest {

    @TempDir
    Path storage;

    @Test
    void raisedOnceWhileTheIncidentLastsAndClosedByADelivery(CapturedOutput output) {
        try (AlertHarness harness = new AlertHarness(null, storage, 0.0)) {
            OffsiteAlerts alerts = new OffsiteAlerts(harness.service);
            BackupFailure failure = new BackupFailure(ErrorCode.OFFSITE_FAILED, "The upload of neo4j-20261125-020000 "
                    + "to offsite (http://minio:9000, bucket b) failed: Connection refused", null,
                    ErrorCode.OFFSITE_FAILED.action(), null);
            for (int attempt = 1; attempt <= 3; attempt++) {
                harness.clock.advance(Duration.ofMinutes(5));
                alerts.on(new OffsiteEvents.Failed("offsite", "neo4j-20261125-020000", "neo4j", failure, attempt,
                        harness.clock.instant().plus(Duration.ofMinutes(5)), harness.clock.instant()));
            }
            assertThat(output.getOut().split("OFFSITE_FAILED: neo4j: OFFSITE_FAILED", -1)).hasSize(4);
            assertThat(output.getOut().split("new incident", -1)).hasSize(2);
            assertThat(output.getOut().split("suppressed: same incident", -1)).hasSize(3);
            assertThat(output.getOut()).contains("ALERT [WARNING] OFFSITE_FAILED: neo4j: OFFSITE_FAILED: The upload of "
                    + "neo4j-20261125-020000 to offsite").contains("Next: queued for offsite; attempt 2 at");

            alerts.on(new OffsiteEvents.Delivered("offsite", "neo4j-20261125-020000", "neo4j", 100, Duration.ofSeconds(1),
                    harness.clock.instant()));
            assertThat(output.getOut()).contains("ALERT_RESOLVED: OFFSITE_FAILED");
            alerts.on(new OffsiteEvents.Failed("offsite", "neo4j-20261126-020000", "neo4j", failure, 1,
                    harness.clock.instant(), harness.clock.instant()));
            assertThat(output.getOut().split("new incident", -1)).hasSize(3);
        }
    }
}
