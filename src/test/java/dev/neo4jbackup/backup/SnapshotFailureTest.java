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
            RunnerFixture fixture = new RunnerFixture(server, storage).set("neo4j.snapshot", "copy");
            // the preflight passes; then, once Neo4j is down, another writer on the volume fills it up to less
            // room than the store needs
            fixture.quiescer(stoppingThen(fixture, () -> fill(storage, store / 2)));

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
                        .noneMatch(name -> name.startsWith("neo4j-"));
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
            RunnerFixture fixture = new RunnerFixture(server, fs.path()).set("neo4j.snapshot", "copy");
            RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));
            BackupFailure failure = report.firstFailure().orElseThrow();
            assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(failure.reason()).contains("before stopping Neo4j");
            assertThat(fixture.state().read().stoppedByUs()).isNull();
            assertThat(server.answers()).isTrue();
        }
    }

    /** The real stop mode, with {@code then} once Neo4j is down (before the copy). */
    private Quiescer stoppingThen(RunnerFixture fixture, Runnable then) {
        Quiescer real = Neo4jConfiguration.quiescerFor(fixture.properties(), server.installation(),
                new ProcessRunner(ChildEnvironment.byName()), server.driver());
        return new Quiescer() {
            @Override
            public String mode() {
                return real.mode();
            }

            @Override
            public void stop() {
                real.stop();
                then.run();
            }

            @Override
            public void resume() {
                real.resume();
            }
        };
    }

    /** Fills the filesystem of {@code dir} until {@code leave} bytes are free. */
    private static void fill(Path dir, long leave) {
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] block = new byte[64 * 1024];
            while (Files.getFileStore(dir).getUsableSpace() > leave + block.length) {
                out.write(block);
                out.flush();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sigtermWhileStoppedForTheCopyStartsNeo4jAgain() throws Exception {
        AtomicReference<BackupRunner> runner = new AtomicReference<>();
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        RunnerFixture fixture = new RunnerFixture(server, dir.resolve("backups")).set("neo4j.snapshot", "copy");
        fixture.quiescer(stoppingThen(fixture, () -> {
            // SIGTERM arrives once Neo4j is down, as the copy begins
            CompletableFuture.runAsync(() -> runner.get().shutdown(Duration.ofMinutes(3)))
                    .whenComplete((v, e) -> shutdown.complete(null));
            while (!runner.get().shuttingDown()) {
                Thread.onSpinWait();
            }
        }));
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

    @Test
    void sigtermWhileCpCopiesEndsItDeletesTheHalfCopyAndStartsNeo4jAgain() throws Exception {
        // 30,000 empty files beside the transaction logs: cp then copies for a second or more, not a tenth
        Path bulk = server.installation().dataDirectory().resolve("transactions/neo4j/zz-bulk-for-a-slow-copy");
        Files.createDirectories(bulk);
        for (int i = 0; i < 30_000; i++) {
            Files.createFile(bulk.resolve("f" + i));
        }
        AtomicReference<BackupRunner> runner = new AtomicReference<>();
        CompletableFuture<Boolean> cpEnded = new CompletableFuture<>();
        RunnerFixture fixture = new RunnerFixture(server, dir.resolve("backups")).set("neo4j.snapshot", "copy");
        fixture.quiescer(stoppingThen(fixture, () -> CompletableFuture.runAsync(() -> {
            // SIGTERM once cp runs: the service ends it, as it ends a running dump
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                var cp = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("")
                        .endsWith("/cp")).findFirst();
                if (cp.isPresent()) {
                    runner.get().shutdown(Duration.ofMinutes(3));
                    cpEnded.complete(!cp.get().isAlive());
                    return;
                }
                Thread.onSpinWait();
            }
            cpEnded.complete(false);
        })));
        runner.set(fixture.build());
        try {
            RunReport report = runner.get().run(BackupRequest.of(Trigger.SCHEDULED, null));

            assertThat(cpEnded.get(3, TimeUnit.MINUTES)).as("cp was running at the SIGTERM and is gone").isTrue();
            BackupFailure failure = report.firstFailure().orElseThrow();
            assertThat(failure.code()).isEqualTo(ErrorCode.SHUTDOWN);
            assertThat(failure.reason()).contains("during the snapshot of neo4j");
            assertThat(report.abortedByShutdown()).isTrue();
            assertThat(server.answers()).as("Neo4j answers when shutdown returns").isTrue();
            assertThat(fixture.state().read().stoppedByUs()).isNull();
            assertThat(fixture.catalog().list()).isEmpty();
            try (var staging = Files.list(dir.resolve("backups/.staging"))) {
                assertThat(staging).as("the half copy is deleted").isEmpty();
            }
        } finally {
            dev.neo4jbackup.catalog.BackupCatalog.deleteQuietly(bulk);
        }
    }
}
