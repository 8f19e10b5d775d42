package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * SIGTERM during a dump (`docker compose down`): graceful shutdown kills neo4j-admin and returns only
 * after Neo4j answers again. Nothing is published, and the shutdown is no failure. SIGTERM during
 * preflight does not stop Neo4j at all.
 */
class ShutdownDuringDumpTest {

    @TempDir
    Path storage;

    @Test
    void shutdownMidDumpAbortsTheDumpAndStartsNeo4jBeforeReturning() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        RunnerFixture fixture = new RunnerFixture(server, storage);
        BackupRunner runner = fixture.build();

        CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(
                () -> runner.run(BackupRequest.of(Trigger.SCHEDULED, null)));
        ProcessHandle dump = awaitDumpProcess(Duration.ofSeconds(90)).orElseThrow(
                () -> new AssertionError("no neo4j-admin dump seen"));

        runner.shutdown(Duration.ofMinutes(3));

        assertThat(dump.isAlive()).isFalse();
        // the run has finished when shutdown returns; its future completes a moment later on its own thread
        RunReport report = run.get(5, TimeUnit.SECONDS);
        assertThat(report.ok()).isFalse();
        // the shutdown's doing, not neo4j-admin's failure (it was killed: exit code 137)
        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.SHUTDOWN);
        assertThat(report.abortedByShutdown()).isTrue();
        assertThat(server.answers()).as("Neo4j answers when shutdown returns").isTrue();
        assertThat(fixture.state().read().stoppedByUs()).isNull();
        assertThat(fixture.state().read().consecutiveFailures()).isZero();
        assertThat(fixture.events).noneMatch(BackupEvents.BackupFailed.class::isInstance);
        assertThat(fixture.catalog().list()).isEmpty();
    }

    @Test
    void shutdownDuringPreflightDoesNotStopNeo4j() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        Path pidFile = server.dir().resolve("run/neo4j.pid");
        String neo4jPid = Files.readString(pidFile).strip();
        AtomicReference<BackupRunner> runner = new AtomicReference<>();
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        RunnerFixture fixture = new RunnerFixture(server, storage).onEvent(event -> {
            if (event instanceof BackupEvents.BackupStarted) {
                // SIGTERM arrives while the run is in preflight, before anything is stopped
                CompletableFuture.runAsync(() -> runner.get().shutdown(Duration.ofMinutes(3)))
                        .whenComplete((v, e) -> shutdown.complete(null));
                while (!runner.get().shuttingDown()) {
                    Thread.onSpinWait();
                }
            }
        });
        runner.set(fixture.build());

        RunReport report = runner.get().run(BackupRequest.of(Trigger.SCHEDULED, null));
        shutdown.get(30, TimeUnit.SECONDS);

        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.SHUTDOWN);
        assertThat(report.firstFailure().orElseThrow().reason()).contains("Neo4j was not stopped");
        assertThat(report.abortedByShutdown()).isTrue();
        assertThat(Files.readString(pidFile).strip()).as("the same Neo4j process runs").isEqualTo(neo4jPid);
        assertThat(ProcessHandle.of(Long.parseLong(neo4jPid)).map(ProcessHandle::isAlive)).contains(true);
        assertThat(server.answers()).isTrue();
        assertThat(fixture.state().read().stoppedByUs()).isNull();
        assertThat(fixture.state().read().consecutiveFailures()).isZero();
        assertThat(fixture.events).noneMatch(BackupEvents.BackupFailed.class::isInstance);
        assertThat(fixture.catalog().list()).isEmpty();
    }

    /** The neo4j-admin dump child of this JVM, once it runs. */
    static Optional<ProcessHandle> awaitDumpProcess(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> dump = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("dump")
                            && p.info().commandLine().orElse("").contains("neo4j"))
                    .findFirst();
            if (dump.isPresent()) {
                return dump;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }
}
