package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SmallFilesystem;

/**
 * A logical export that meets a full disk (a small tmpfs that another writer fills after the preflight passed):
 * BACKUP_NO_SPACE with the numbers and the action, not "Unexpected error while Neo4j was stopped": Neo4j was
 * never stopped. Nothing is published, staging is empty. Needs root to mount the tmpfs.
 */
@ExtendWith(Neo4jExtension.class)
class LogicalExportOnFullDiskTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskDuringALogicalExportIsBackupNoSpaceAndSaysNeo4jWasNotStopped(Neo4jServer server) throws Exception {
        try (SmallFilesystem fs = SmallFilesystem.mountOrSkip(dir, "4m")) {
            Path storage = fs.path().resolve("backups");
            RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.NONE).minFreeRatio(0)
                    .set("kind", "logical")
                    // after the preflight passed: another writer on the volume leaves it a few KB
                    .hooks((request, ids) -> fill(fs.path().resolve("filler"), storage, 16 * 1024));
            BackupRunner runner = fixture.build();

            RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, "full disk"));

            BackupFailure failure = report.firstFailure().orElseThrow();
            assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(failure.reason()).contains("No space left on device").contains("Neo4j was not stopped")
                    .doesNotContain("while Neo4j was stopped");
            assertThat(failure.numbers()).startsWith("Available: ");
            assertThat(failure.action()).isEqualTo(ErrorCode.BACKUP_NO_SPACE.action());
            assertThat(fixture.catalog().list()).isEmpty();
            try (var staging = Files.list(storage.resolve(".staging"))) {
                assertThat(staging).as("nothing half-written in staging").isEmpty();
            }
            assertThat(server.answers()).isTrue();
        }
    }

    private static void fill(Path filler, Path storage, long leave) {
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            long left = FreeSpace.of(storage).usable() - leave;
            while (left > 0) {
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            // full already: as good
        }
    }
}
