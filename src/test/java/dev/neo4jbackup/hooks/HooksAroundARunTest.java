package dev.neo4jbackup.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.TestSigning;

/**
 * The hooks in a real run against the real Neo4j, with stop and start commands that write to the same
 * file as the hooks: the order of it all, and a failing pre-backup hook that aborts before the stop.
 */
@ExtendWith(Neo4jExtension.class)
class HooksAroundARunTest {

    @TempDir
    Path dir;

    Neo4jServer server;

    @BeforeEach
    void server(Neo4jServer shared) {
        this.server = shared;
    }

    @AfterEach
    void neo4jIsUpForTheNextTest() {
        if (!server.answers()) {
            server.start();
        }
    }

    Path order() {
        return dir.resolve("order.txt");
    }

    String line() {
        return "echo \"$BACKUP_HOOK $BACKUP_STATUS $BACKUP_ERROR_CODE\" >> " + order();
    }

    /** The runner as the service wires it: the hooks before the stop, the post-hooks from the run's events. */
    BackupRunner runner(String preBackup) {
        Path storage = dir.resolve("backups");
        RunnerFixture fixture = new RunnerFixture(server, storage)
                .set("neo4j.stop-command", "echo stop >> " + order() + "; bin/neo4j stop")
                .set("neo4j.start-command", "echo start >> " + order() + "; bin/neo4j start")
                .set("hooks.pre-backup", preBackup)
                .set("hooks.post-backup", line() + "; test -f \"$BACKUP_ARCHIVE\" && echo archive there >> " + order())
                .set("hooks.on-failure", line());
        var properties = fixture.properties();
        HookRunner hooks = new HookRunner(properties.hooks(), new HookShell(new ProcessRunner(ChildEnvironment
                .byName()), properties.hooks().timeout()), TestSigning.catalog(storage, Clock.systemUTC()),
                Compression.GZIP);
        fixture.onEvent(event -> {
            if (event instanceof BackupEvents.RunFinished finished) {
                hooks.on(finished);
            }
        });
        return fixture.hooks(hooks).build();
    }

    @Test
    void aFailingPreBackupHookAbortsTheRunBeforeNeo4jIsStopped() throws Exception {
        BackupRunner runner = runner(line() + "; echo replica lag too high; exit 2");

        RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, null));

        assertThat(report.ok()).isFalse();
        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.HOOK_FAILED);
        assertThat(report.firstFailure().orElseThrow().reason()).contains("exited with 2: replica lag too high");
        assertThat(Files.readAllLines(order())).as("no stop, no start").containsExactly(
                "pre-backup running ",
                "post-backup failed HOOK_FAILED",
                "on-failure failed HOOK_FAILED");
        assertThat(server.answers()).isTrue();
        assertThat(TestSigning.catalog(dir.resolve("backups"), Clock.systemUTC()).list()).isEmpty();
    }

    @Test
    void aRunOrdersPreBackupStopStartThenPostBackupWithTheArchiveInPlace() throws Exception {
        BackupRunner runner = runner(line());

        RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, null));

        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        assertThat(Files.readAllLines(order())).containsExactly(
                "pre-backup running ",
                "stop",
                "start",
                "post-backup success ",
                "archive there");
        assertThat(server.answers()).isTrue();
    }
}
