package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.WrappedAdmin;

/**
 * Snapshot mode on the shared server (left as it was found): {@code copy} copies the stopped store into
 * .staging, starts Neo4j and dumps the copy, which restores to the same counts and fingerprint; {@code command}
 * dumps what the operator's command (here a real {@code cp}) put at the snapshot path, and Neo4j's consistency
 * checker passes the dump; a failing command starts Neo4j again and publishes nothing.
 */
@ExtendWith(Neo4jExtension.class)
class SnapshotRoundTripTest {

    @TempDir
    Path storage;
    @TempDir
    Path snapshot;
    @TempDir
    Path fakeHome;

    @Test
    void snapshotBackupsRestoreTheGraphTheyWereTakenOf(Neo4jServer server) throws Exception {
        GraphFingerprint.Print original = GraphFingerprint.of(server.driver());
        try {
            roundTrip(server, original);
        } finally {
            server.run("MATCH (n:Later) DETACH DELETE n");
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);
    }

    private void roundTrip(Neo4jServer server, GraphFingerprint.Print original) throws Exception {
        // 1. copy: the dump reads the copy while Neo4j runs again; the copy is gone afterwards
        RunnerFixture copy = new RunnerFixture(server, storage).set("neo4j.snapshot", "copy");
        RunReport report = copy.build().run(BackupRequest.of(Trigger.MANUAL, "snapshot copy"));
        assertThat(report.ok()).as(String.valueOf(report.firstFailure())).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.snapshot()).isEqualTo("copy");
        assertThat(manifest.downtimeMs()).isPositive();
        assertThat(server.answers()).isTrue();
        assertThat(copy.state().read().stoppedByUs()).isNull();
        try (var staging = Files.list(storage.resolve(".staging"))) {
            assertThat(staging).as("the snapshot copy and the work folder are deleted").isEmpty();
        }

        // 2. command: the operator's snapshot (a real cp of the stopped store) at backup.neo4j.snapshot-path
        Path data = server.installation().dataDirectory();
        String command = "mkdir -p \"$NEO4J_BACKUP_SNAPSHOT_PATH/databases\" \"$NEO4J_BACKUP_SNAPSHOT_PATH/transactions\""
                + " && cp -a " + data + "/databases/$NEO4J_BACKUP_DATABASE \"$NEO4J_BACKUP_SNAPSHOT_PATH/databases/\""
                + " && cp -a " + data + "/transactions/$NEO4J_BACKUP_DATABASE \"$NEO4J_BACKUP_SNAPSHOT_PATH/transactions/\"";
        Path niceness = fakeHome.resolve("niceness.log");
        RunReport byCommand = new RunnerFixture(server, storage).set("neo4j.snapshot", "command")
                .set("neo4j.snapshot-command", command).set("neo4j.snapshot-path", snapshot.toString())
                .installation(new Neo4jInstallation(WrappedAdmin.home(server, fakeHome,
                        "echo \"$1 $2 $(ps -o ni= -p $$ | tr -d ' ')\" >> '" + niceness + "'"), server.confDir(), null)).set("neo4j.nice", "7")
                .set("verify.mode", "consistency").build().run(BackupRequest.of(Trigger.MANUAL, "snapshot command"));
        assertThat(byCommand.ok()).as(String.valueOf(byCommand.firstFailure())).isTrue();
        // the dump and the check run beside the starting Neo4j: at backup.neo4j.nice, below the service's own 0
        assertThat(Files.readAllLines(niceness)).contains("database dump 7", "database check 7");
        Manifest fromCommand = byCommand.outcomes().get(0).manifest();
        assertThat(fromCommand.snapshot()).isEqualTo("command");
        assertThat(fromCommand.status()).as("Neo4j's consistency checker passed the dump")
                .isEqualTo(Manifest.Status.VALIDATED);
        assertThat(fromCommand.graph()).isEqualTo(manifest.graph());
        assertThat(snapshot.resolve("databases/neo4j")).as("a command's snapshot is its owner's").isDirectory();

        // 3. a failing command: Neo4j started again, nothing published, the command's own words in the reason
        RunnerFixture failing = new RunnerFixture(server, storage).set("neo4j.snapshot", "command")
                .set("neo4j.snapshot-command", "echo lvcreate refused: volume group full >&2; exit 5")
                .set("neo4j.snapshot-path", snapshot.resolve("nothing").toString());
        RunReport failed = failing.build().run(BackupRequest.of(Trigger.MANUAL, "failing snapshot command"));
        BackupFailure failure = failed.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_FAILED);
        assertThat(failure.reason()).contains("snapshot command").contains("volume group full");
        assertThat(failure.numbers()).contains("Exit code: 5");
        assertThat(server.answers()).isTrue();
        assertThat(failing.state().read().stoppedByUs()).isNull();
        assertThat(failing.catalog().list()).extracting(Manifest::id)
                .containsExactlyInAnyOrder(manifest.id(), fromCommand.id());

        // 4. the copy's backup restores the graph it was taken of
        server.run("CREATE (:Later {note: 'written after the backup'})");
        assertThat(GraphFingerprint.of(server.driver())).isNotEqualTo(original);
        try (RestoreFixture restore = new RestoreFixture(copy)) {
            restore.restore(manifest.id());
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);
        assertThat(GraphFingerprint.of(server.driver()).nodes()).isEqualTo(manifest.graph().nodes());
    }
}
