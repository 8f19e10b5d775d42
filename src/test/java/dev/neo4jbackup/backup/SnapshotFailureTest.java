package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SmallFilesystem;

/**
 * Snapshot mode when the copy cannot be made, against the real Neo4j: a storage folder that fills up during the
 * copy fails the run with BACKUP_NO_SPACE, Neo4j started again and nothing visible; a SIGTERM while Neo4j is
 * stopped for the copy starts it again before the service exits; preflight counts the copy's space.
 */
@ExtendWith(Neo4jExtension.class)
class SnapshotFailureTest {

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

    @Test
    void aCopyThatRunsOutOfSpaceLeavesNeo4jRunningAndNothingVisible() throws Exception {
        long copy = server.installation().snapshotSize("neo4j");
        long store = server.installation().storeSize("neo4j").orElseThrow();
        try (SmallFilesystem fs = SmallFilesystem.mountOrSkip(dir, (copy * 3 / 1024 / 1024 + 16) + "m")) {
            Path storage = fs.path();
            // the preflight passes; then (the pre-backup hook, the last step before the stop) the disk fills up
            // to 1 MB less than the store, as another writer on the same volume would
            String fill = "avail=$(df --output=avail -B1 " + storage + " | tail -1); head -c $((avail - " + store
                    + " + 1048576)) /dev/zero > " + storage + "/filler; true";
            RunnerFixture fixture = new RunnerFixture(server, storage).set("neo4j.snapshot", "copy")
                    .set("hooks.pre-backup", fill);

            RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, "no room for the copy"));

            BackupFailure failure = report.firstFailure().orElseThrow();
            assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(failure.reason()).contains("snapshot copy").contains("no space left");
            assertThat(failure.action()).contains("backup.neo4j.snapshot=off");
            assertThat(server.answers()).as("Neo4j was started again").isTrue();
            assertThat(fixture.state().read().stoppedByUs()).isNull();
            assertThat(fixture.state().read().lastErrorCode()).isEqualTo("BACKUP_NO_SPACE");
            assertThat(fixture.catalog().list()).isEmpty();
            try (var files = Files.list(storage)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".gz") || name.endsWith(".dump") || name.endsWith(".json")
                                && !name.startsWith("."));
            }
            try (var staging = Files.list(storage.resolve(".staging"))) {
                assertThat(staging).as("the half copy is deleted").isEmpty();
            }
        }
    }

    @Test
    void preflightCountsTheCopyAndRefusesBeforeTheStop() throws Exception {
        long copy = server.installation().snapshotSize("neo4j");
        long store = server.installation().storeSize("neo4j").orElseThrow();
        // room for the dump estimate (1.5 x the store) but not for the copy as well
        long size = (long) (store * 1.5) + copy / 2;
        try (SmallFilesystem fs = SmallFilesystem.mountOrSkip(dir, Math.max(1, size / 1024) + "k")) {
            RunnerFixture off = new RunnerFixture(server, fs.path()).set("hooks.pre-backup", "exit 9");
            assertThat(off.build().run(BackupRequest.of(Trigger.MANUAL, null)).firstFailure().orElseThrow().code())
                    .as("without the copy the space check passes (the hook then stops the run)")
                    .isEqualTo(ErrorCode.HOOK_FAILED);
            RunnerFixture fixture = new RunnerFixture(server, fs.path()).set("neo4j.snapshot", "copy");
            RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));
            assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(report.firstFailure().orElseThrow().reason()).contains("before stopping Neo4j");
            assertThat(fixture.state().read().stoppedByUs()).isNull();
        }
    }

    @Test
    void sigtermWhileStoppedForTheCopyStartsNeo4jAgain() throws Exception {
        AtomicReference<BackupRunner> runner = new AtomicReference<>();
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        RunnerFixture fixture = new RunnerFixture(server, dir.resolve("backups")).set("neo4j.snapshot", "copy");
        Quiescer real = Neo4jConfiguration.quiescerFor(fixture.properties(), server.installation(),
                new ProcessRunner(ChildEnvironment.byName()), server.driver());
        fixture.quiescer(new Quiescer() {
            @Override
            public String mode() {
                return real.mode();
            }

            @Override
            public void stop() {
                real.stop();
                // SIGTERM arrives once Neo4j is down, as the copy begins
                CompletableFuture.runAsync(() -> runner.get().shutdown(Duration.ofMinutes(3)))
                        .whenComplete((v, e) -> shutdown.complete(null));
                while (!runner.get().shuttingDown()) {
                    Thread.onSpinWait();
                }
            }

            @Override
            public void resume() {
                real.resume();
            }
        });
        runner.set(fixture.build());

        RunReport report = runner.get().run(BackupRequest.of(Trigger.SCHEDULED, null));
        shutdown.get(3, TimeUnit.MINUTES);

        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.SHUTDOWN);
        assertThat(report.firstFailure().orElseThrow().reason()).contains("snapshot");
        assertThat(report.abortedByShutdown()).isTrue();
        assertThat(server.answers()).as("Neo4j answers when shutdown returns").isTrue();
        assertThat(fixture.state().read().stoppedByUs()).isNull();
        assertThat(fixture.catalog().list()).isEmpty();
        try (var staging = Files.list(dir.resolve("backups/.staging"))) {
            assertThat(staging).isEmpty();
        }
    }
}
