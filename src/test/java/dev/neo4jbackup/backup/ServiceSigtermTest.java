package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.Neo4jBackupApplication;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * `docker compose down` during a scheduled dump, for real: the service runs in its own JVM, gets
 * SIGTERM while neo4j-admin dumps, and exits only after Neo4j answers again. The shutdown is logged
 * as SHUTDOWN, and is no failure: no BACKUP_FAILED, no NEO4J_ADMIN_FAILED, no failure count, no stack
 * trace.
 */
class ServiceSigtermTest {

    @TempDir
    Path storage;

    @Test
    void sigtermDuringAScheduledDumpIsAShutdownNotAFailure() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Neo4jBackupApplication.class.getName()));
        server.springProperties(storage.resolve("backups")).forEach((k, v) -> command.add("--" + k + "=" + v));
        command.add("--backup.run-on-start=true");
        Path log = storage.resolve("service.log");
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Optional<ProcessHandle> dump = awaitDump(service.toHandle(), Duration.ofMinutes(3));
            assertThat(dump).as("a dump ran: " + Files.readString(log)).isPresent();

            service.destroy(); // SIGTERM
            assertThat(service.waitFor(4, TimeUnit.MINUTES)).as("the service exits").isTrue();

            String output = Files.readString(log);
            assertThat(dump.get().isAlive()).isFalse();
            assertThat(server.answers()).as("Neo4j answers once the service is gone").isTrue();
            assertThat(output).contains("SHUTDOWN: a backup run is in progress; ended 1 neo4j-admin process(es)")
                    .contains("NEO4J_UP: Neo4j answers again").contains("SHUTDOWN: backup neo4j-")
                    .doesNotContain("BACKUP_FAILED").doesNotContain("NEO4J_ADMIN_FAILED")
                    .doesNotContain("RETRY_SCHEDULED").doesNotContain("Scheduler tick failed");
            assertThat(output.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception:")))
                    .as("no stack trace").isEmpty();
            StateStore state = new StateStore(storage.resolve("backups"));
            assertThat(state.read().consecutiveFailures()).isZero();
            assertThat(state.read().stoppedByUs()).isNull();
        } finally {
            service.descendants().forEach(ProcessHandle::destroyForcibly);
            service.destroyForcibly();
        }
    }

    private static Optional<ProcessHandle> awaitDump(ProcessHandle service, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && service.isAlive()) {
            Optional<ProcessHandle> dump = service.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("Neo4jAdminCommand")
                            && p.info().commandLine().orElse("").contains("dump"))
                    .findFirst();
            if (dump.isPresent()) {
                return dump;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }
}
