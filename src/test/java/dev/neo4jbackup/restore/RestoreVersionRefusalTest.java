package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * A backup whose manifest says it was taken on a newer Neo4j line (2025.12) than the primary runs (5.26) is
 * refused before anything is stopped: no safety backup, Neo4j never restarted, the data unchanged, the
 * failure with both versions and what to do. The same against a real 2025.x dump: UpgradeByRestoreTest.
 */
@ExtendWith(Neo4jExtension.class)
class RestoreVersionRefusalTest {

    @TempDir
    Path storage;

    @Test
    void aBackupOfANewerNeo4jLineIsRefusedBeforeAnythingStops(Neo4jServer server) throws IOException {
        // the shared server: the refusal must leave it untouched, which is what the test asserts
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.sharedBackup();
            String serverVersion = fixture.catalog.require(id).neo4jVersion();
            assertThat(serverVersion).startsWith("5.26.");
            claimVersion(storage.resolve(id + ".json"), "2025.12.1");
            // signed as the service that wrote it would have: the version rule is what is tested, not the signature
            fixture.catalog.sign(fixture.catalog.require(id));
            assertThat(fixture.catalog.require(id).neo4jVersion()).isEqualTo("2025.12.1");
            GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
            long starts = RestoreRefusalsTest.startsInLog(server);

            RestoreResult dryRun = fixture.restorer.restore(new RestoreRequest(id, null, null, false, true, true),
                    Confirmer.YES);
            assertThat(dryRun.lines()).contains("Would be refused (RESTORE_VERSION_INCOMPATIBLE): a dump of Neo4j "
                    + "2025.12 cannot be loaded by Neo4j 5.26 (Neo4j does not downgrade a store); refused before "
                    + "anything was stopped");

            BackupFailure refused = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(id));

            assertThat(refused.code()).isEqualTo(ErrorCode.RESTORE_VERSION_INCOMPATIBLE);
            assertThat(refused.reason()).contains("Backup " + id + " was taken on Neo4j 2025.12.1")
                    .contains("primary runs Neo4j " + serverVersion)
                    .contains("a dump of Neo4j 2025.12 cannot be loaded by Neo4j 5.26")
                    .contains("refused before anything was stopped");
            assertThat(refused.numbers()).isEqualTo("Backup: Neo4j 2025.12.1 | Target: Neo4j " + serverVersion);
            assertThat(refused.action()).isEqualTo("Upgrade primary to Neo4j 2025.12 or newer first, or restore a backup "
                    + "taken on Neo4j 5.26 or older (neo4j-backup list)");
            assertThat(refused.lines()).contains("Code: RESTORE_VERSION_INCOMPATIBLE");
            assertThat(RestoreRefusalsTest.startsInLog(server)).as("Neo4j never stopped").isEqualTo(starts);
            assertThat(server.answers()).isTrue();
            assertThat(fixture.catalog.list()).as("no safety backup").hasSize(1);
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
            RecoveryStatus status = fixture.tracker.current();
            assertThat(status.state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
            assertThat(status.message()).contains("RESTORE_VERSION_INCOMPATIBLE").contains("keeps its data");
            assertThat(fixture.events).anyMatch(e -> e instanceof RestoreEvents.RestoreFailed f
                    && f.failure().code() == ErrorCode.RESTORE_VERSION_INCOMPATIBLE);
        }
    }

    /** Rewrites the manifest's neo4jVersion in place, as the file on disk. */
    static void claimVersion(Path manifest, String version) throws IOException {
        String json = Files.readString(manifest);
        String changed = json.replaceFirst("\"neo4jVersion\"\\s*:\\s*\"[^\"]*\"", "\"neo4jVersion\":\"" + version + "\"");
        assertThat(changed).contains("\"neo4jVersion\":\"" + version + "\"");
        Files.writeString(manifest, changed);
    }
}
