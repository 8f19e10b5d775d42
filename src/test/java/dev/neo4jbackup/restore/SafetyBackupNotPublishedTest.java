package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.WrappedAdmin;

/**
 * The one stop window's safety dump is taken and the backup loaded, but the safety backup is then not
 * published (here: verify's consistency check refuses it, after Neo4j is up again with the restored data).
 * The restore is not undone (its checks pass), and the missing safety backup is not silent: SAFETY_BACKUP_FAILED
 * in the log, a WARNING line in the restore's result, and the safety run's own BACKUP_FAILED event, which
 * alerts as any failed backup does. Nothing half-made stays in the storage folder.
 */
@ExtendWith(Neo4jExtension.class)
class SafetyBackupNotPublishedTest {

    @TempDir
    Path storage;
    @TempDir
    Path fakeHome;

    @Test
    void theLoadStandsAndTheMissingSafetyBackupIsToldAndAlerted(Neo4jServer server) throws Exception {
        RunnerFixture checkFails = new RunnerFixture(server, storage).set("verify.mode", "consistency")
                .installation(new Neo4jInstallation(WrappedAdmin.checkFails(server, fakeHome), server.confDir(), null));
        try (RestoreFixture fixture = new RestoreFixture(checkFails)) {
            String id = fixture.sharedBackup();
            Manifest backup = fixture.catalog.require(id);
            server.run("CREATE (:Later {note: 'written after the backup'})");

            ProgressLines lines = ProgressLines.recording();
            RestoreResult result = fixture.restorer.restore(RestoreRequest.of(id), Confirmer.YES, lines);

            assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(result.checks()).allMatch(RestoreChecks.Check::passed);
            assertThat(result.safetyBackupId()).isNull();
            // no manifest recorded it, yet Neo4j was down for the safety dump, the load and the start
            assertThat(result.downtime()).as("downtime").isGreaterThan(java.time.Duration.ofSeconds(1));
            assertThat(server.count("MATCH (n:Later) RETURN count(n)")).as("the backup was loaded").isZero();
            assertThat(GraphFingerprint.of(server.driver()).nodes()).isEqualTo(backup.graph().nodes());
            assertThat(result.lines()).anyMatch(l -> l.startsWith("WARNING: the safety backup was not published")
                    && l.contains("consistency check") && l.contains("no rollback is possible"));
            assertThat(lines.seen).extracting(ProgressLines.Seen::line)
                    .filteredOn(l -> l.startsWith("Stopping Neo4j")).as("still one stop window").hasSize(1);
            assertThat(checkFails.events).anyMatch(e -> e instanceof BackupEvents.BackupFailed f
                    && f.trigger() == Trigger.SAFETY && f.failure().code() == ErrorCode.BACKUP_CORRUPTED);
            assertThat(fixture.catalog.list()).extracting(Manifest::id).containsExactly(id);
            try (var staging = Files.list(storage.resolve(".staging"))) {
                assertThat(staging).as("the refused safety dump is not left behind").isEmpty();
            }
            assertThat(fixture.tracker.current().state()).isEqualTo(RecoveryState.RECOVERY_SUCCESS);
        }
    }
}
