package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jExtension.Fresh;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.TestManifests;

/**
 * A corrupted backup is rejected, and a failed check is rolled back, against the real Neo4j: one flipped byte is
 * refused before anything is touched (Neo4j never restarted, no safety backup, same data); a declined
 * confirmation changes nothing; a restore whose checks fail is rolled back to the safety backup and the
 * data from before the restore is intact, and the rollback's stages are told as they start
 * ({@link ProgressLines}).
 */
@ExtendWith(Neo4jExtension.class)
class RestoreRefusalsTest {

    @TempDir
    Path storage;

    @Test
    void flippedByteIsRefusedDeclinedIsCancelledAndFailedChecksAreRolledBack(@Fresh Neo4jServer server)
            throws IOException {
        SampleGraph.create(server.driver());
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.backup();
            Manifest manifest = fixture.catalog.require(id);
            server.run("CREATE (:Later {note: 'written after the backup'})");
            GraphFingerprint.Print current = GraphFingerprint.of(server.driver());
            long starts = startsInLog(server);

            // 1. one flipped byte: refused, nothing touched
            Path archive = fixture.catalog.archivePath(manifest);
            byte[] original = Files.readAllBytes(archive);
            flip(archive, original.length / 2);
            BackupFailure corrupted = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(id));
            assertThat(corrupted.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
            assertThat(corrupted.reason()).contains("Backup validation failed").contains("Checksum mismatch!")
                    .contains("appears to be corrupted on disk");
            assertThat(corrupted.numbers()).startsWith("Expected: " + manifest.sha256() + " | Got: ");
            assertThat(corrupted.action()).startsWith("Try a different backup");
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(current);
            assertThat(fixture.catalog.list()).hasSize(1); // no safety backup taken
            assertThat(startsInLog(server)).isEqualTo(starts); // Neo4j never stopped
            assertThat(fixture.tracker.current().state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
            assertThat(fixture.tracker.current().message()).contains("refused before anything was touched");
            assertThat(fixture.events).anyMatch(e -> e instanceof RestoreEvents.RestoreFailed f
                    && f.failure().code() == ErrorCode.BACKUP_CORRUPTED);
            Files.write(archive, original);

            // 2. the operator says no: cancelled, nothing touched
            RestoreResult declined = fixture.restorer.restore(RestoreRequest.of(id), question -> false);
            assertThat(declined.outcome()).isEqualTo(RestoreResult.Outcome.CANCELLED);
            assertThat(fixture.tracker.current().state()).isEqualTo(RecoveryState.NOT_RECOVERING);
            assertThat(fixture.catalog.list()).hasSize(1);
            assertThat(startsInLog(server)).isEqualTo(starts);

            // 3. checks fail (the manifest promises a node the dump does not hold): rolled back
            GraphStats g = manifest.graph();
            GraphStats promised = new GraphStats(g.nodes() + 1, g.relationships(), g.labels(), g.relationshipTypes(),
                    g.indexes(), g.constraints());
            fixture.catalog.update(withGraph(fixture.catalog.require(id), promised));
            ProgressLines rollback = ProgressLines.recording();
            BackupFailure failed = catchThrowableOfType(BackupFailure.class,
                    () -> fixture.restorer.restore(RestoreRequest.of(id), Confirmer.YES, rollback));
            assertThat(failed.code()).isEqualTo(ErrorCode.RESTORE_HEALTH_FAILED);
            assertThat(failed.reason()).startsWith("Restore completed but health check failed: graph_counts: nodes: "
                    + "expected " + (g.nodes() + 1) + ", got " + g.nodes());
            assertThat(failed.numbers()).isEqualTo("Failed check: graph_counts");
            assertThat(failed.action()).startsWith("Restore a different backup").contains("rolled back to the safety "
                    + "backup");
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(current); // the data of before, intact
            assertThat(server.count("MATCH (n:Later) RETURN count(n)")).isEqualTo(1);
            // one stop window for the safety dump and the load, one more for the rollback: two starts, not three
            assertThat(startsInLog(server)).isEqualTo(starts + 2);
            assertThat(rollback.seen).extracting(ProgressLines.Seen::line)
                    .filteredOn(l -> l.startsWith("Stopping Neo4j")).hasSize(2);
            RecoveryStatus status = fixture.tracker.current();
            assertThat(status.state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
            assertThat(status.safetyBackupId()).isNotNull();
            assertThat(status.message()).contains("rolled back to the safety backup " + status.safetyBackupId());
            assertThat(fixture.catalog.require(status.safetyBackupId()).graph().nodes()).isEqualTo(current.nodes());
            assertThat(fixture.events).anyMatch(e -> e instanceof RestoreEvents.RestoreFailed f
                    && f.failure().code() == ErrorCode.RESTORE_HEALTH_FAILED);
            // the rollback's stages are told as they start too
            String safetyId = status.safetyBackupId();
            rollback.assertInOrder("Validating backup integrity...", "Taking a safety backup of neo4j inside the "
                    + "restore's one stop window", "Stopping Neo4j on primary", "Loading " + id,
                    "Starting Neo4j on primary", "Safety backup: " + safetyId,
                    "Health check: graph_counts ... FAIL", "Rolling back: Restore completed but health check failed: "
                            + "graph_counts", "Stopping Neo4j on primary", "Loading " + safetyId,
                    "Starting Neo4j on primary", "Health check: graph_counts ... PASS",
                    "Rolled back to the safety backup " + safetyId);
        }
    }

    static Manifest withGraph(Manifest m, GraphStats graph) {
        return TestManifests.plain(m).graph(graph).build();
    }

    static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    /** How often this server started: neo4j.log says "Started." once per start. */
    static long startsInLog(Neo4jServer server) throws IOException {
        return Files.readAllLines(server.logsDir().resolve("neo4j.log")).stream().filter(l -> l.contains("Started."))
                .count();
    }
}
