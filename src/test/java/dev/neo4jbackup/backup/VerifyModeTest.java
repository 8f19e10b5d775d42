package dev.neo4jbackup.backup;

import dev.neo4jbackup.testing.TestSigning;
import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.WrappedAdmin;

/**
 * {@code backup.verify.mode=consistency} against the real Neo4j: Neo4j's consistency checker runs on every
 * new dump and the manifest records it. When the checker reports problems (a neo4j-admin that fails
 * {@code database check}, everything else the real tool), the run fails with BACKUP_CORRUPTED, nothing is
 * published, and retention does not prune the database's older backups.
 */
@ExtendWith(Neo4jExtension.class)
class VerifyModeTest {

    @TempDir
    Path storage;

    @TempDir
    Path fakeHome;

    @Test
    void consistencyModeChecksEveryNewBackupAndAFailedCheckFailsTheRunAndBlocksPruning(Neo4jServer server)
            throws IOException {
        RunReport checked = new RunnerFixture(server, storage).set("verify.mode", "consistency").build()
                .run(BackupRequest.of(Trigger.MANUAL, "consistency"));
        assertThat(checked.ok()).as("%s", checked.firstFailure()).isTrue();
        Manifest manifest = checked.outcomes().get(0).manifest();
        assertThat(manifest.status()).isEqualTo(Manifest.Status.VALIDATED);
        assertThat(manifest.validation()).isEqualTo("consistency");
        assertThat(manifest.validatedAt()).isNotNull();
        assertThat(manifest.durationsMs().get("verify")).isPositive();
        List<String> before = ids();
        assertThat(before).hasSize(1);

        RunReport failed = new RunnerFixture(server, storage).installation(checkFails(server)).retain()
                .set("verify.mode", "consistency").build().run(BackupRequest.of(Trigger.MANUAL, "bad check"));
        assertThat(failed.ok()).isFalse();
        var failure = failed.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
        assertThat(failure.reason()).contains("consistency check of the new backup").contains("inconsistencies");
        assertThat(failure.action()).contains("no older backup of neo4j is pruned");
        assertThat(ids()).isEqualTo(before); // nothing published, nothing pruned
        assertThat(server.answers()).isTrue();

        // the same retention after a good run does prune: the older backup of the same day goes
        RunReport good = new RunnerFixture(server, storage).retain().build().run(BackupRequest.of(Trigger.MANUAL,
                "good"));
        assertThat(good.ok()).isTrue();
        assertThat(ids()).containsExactly(good.outcomes().get(0).id());
    }

    private List<String> ids() {
        return TestSigning.catalog(storage, Clock.systemUTC()).list().stream().map(Manifest::id).toList();
    }

    /** The real home, but a bin/neo4j-admin whose `database check` reports inconsistencies. */
    private Neo4jInstallation checkFails(Neo4jServer server) {
        return new Neo4jInstallation(WrappedAdmin.checkFails(server, fakeHome), server.confDir(), null);
    }
}
