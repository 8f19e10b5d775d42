package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.hooks.HookRunner;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SyntheticBackups;

/**
 * A failing pre-restore hook refuses the restore before anything is touched: no validation, no safety
 * backup, Neo4j never stopped; the refusal is HOOK_FAILED, recorded and published like any other.
 */
@ExtendWith(Neo4jExtension.class)
class PreRestoreHookTest {

    @TempDir
    Path dir;

    @Test
    void aFailingPreRestoreHookRefusesTheRestoreBeforeNeo4jIsStopped(Neo4jServer server) throws Exception {
        Path seen = dir.resolve("seen.txt");
        RunnerFixture runner = new RunnerFixture(server, dir.resolve("backups"))
                .set("hooks.pre-restore", "echo \"$BACKUP_ID $BACKUP_TARGET $BACKUP_ARCHIVE\" > " + seen
                        + "; echo application still writing; exit 4");
        try (RestoreFixture fixture = new RestoreFixture(runner, catalog -> HookRunner.over(runner.properties()
                .hooks(), new ProcessRunner(ChildEnvironment.byName()), catalog, Compression.GZIP))) {
            Manifest backup = SyntheticBackups.publish(fixture.catalog, "neo4j", Instant.parse("2026-11-25T02:00:00Z"));
            long starts = RestoreRefusalsTest.startsInLog(server);

            BackupFailure refused = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(backup.id()));

            assertThat(refused.code()).isEqualTo(ErrorCode.HOOK_FAILED);
            assertThat(refused.reason()).contains("exited with 4: application still writing")
                    .contains("the restore was refused before anything was stopped");
            assertThat(Files.readString(seen).strip()).isEqualTo(backup.id() + " primary "
                    + fixture.catalog.archivePath(backup));
            assertThat(RestoreRefusalsTest.startsInLog(server)).as("Neo4j never stopped").isEqualTo(starts);
            assertThat(server.answers()).isTrue();
            assertThat(fixture.catalog.list()).as("no safety backup").hasSize(1);
            assertThat(fixture.catalog.require(backup.id()).status()).as("not validated, not marked")
                    .isEqualTo(Manifest.Status.COMPLETE);
            assertThat(fixture.tracker.current().state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
            assertThat(fixture.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RestoreEvents.RestoreFailed.class, f -> assertThat(f.failure().code()).isEqualTo(
                            ErrorCode.HOOK_FAILED)));
        }
    }
}
