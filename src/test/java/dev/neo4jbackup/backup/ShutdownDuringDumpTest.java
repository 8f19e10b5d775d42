package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * SIGTERM during a dump (`docker compose down`): graceful shutdown kills neo4j-admin and returns only
 * after Neo4j answers again. Nothing is published.
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
        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.NEO4J_ADMIN_FAILED);
        assertThat(server.answers()).as("Neo4j answers when shutdown returns").isTrue();
        assertThat(fixture.state().read().stoppedByUs()).isNull();
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
