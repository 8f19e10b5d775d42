package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * kill -9 of a logical export, for real: a child JVM exports the shared server one id a page and is killed with
 * SIGKILL while its export marker says it runs. The next start records the run as the failure it was:
 * BACKUP_INTERRUPTED in the log, the BackupFailed event that alerts and counts it, the failure streak in the
 * state; the marker goes, the half export in .staging is swept, nothing was published.
 */
class KilledExportRecoveryTest {

    @TempDir
    Path storage;

    @Test
    void anExportKilledWithSigkillIsRecordedAsAFailedRunAtTheNextStart() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), storage.toString(),
                server.dir().toString(), Integer.toString(server.boltPort())).redirectErrorStream(true)
                .redirectOutput(storage.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && child.isAlive() && !Files.exists(storage.resolve(".export.json"))) {
                Thread.sleep(10);
            }
            Thread.sleep(500);
            assertThat(child.isAlive()).as("still exporting: %s", Files.readString(storage.resolve("child.log")))
                    .isTrue();
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 mid-export
        } finally {
            child.destroyForcibly();
        }
        assertThat(storage.resolve(".export.json")).exists();

        RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.NONE);
        List<Object> events = new ArrayList<>();
        StateStore state = new StateStore(storage);
        new StartupRecovery(fixture.catalog(), new StorageLock(storage), state, null, null, fixture.properties(),
                events::add, Clock.systemUTC()).start();

        assertThat(events).filteredOn(BackupEvents.BackupFailed.class::isInstance).singleElement().satisfies(e -> {
            BackupEvents.BackupFailed failed = (BackupEvents.BackupFailed) e;
            assertThat(failed.failure().code()).isEqualTo(ErrorCode.BACKUP_INTERRUPTED);
            assertThat(failed.id()).startsWith("neo4j-");
            assertThat(failed.trigger()).isEqualTo(Trigger.MANUAL);
        });
        assertThat(state.read().consecutiveFailures()).isEqualTo(1);
        assertThat(state.read().lastErrorCode()).isEqualTo("BACKUP_INTERRUPTED");
        assertThat(storage.resolve(".export.json")).doesNotExist();
        try (var staged = Files.list(storage.resolve(".staging"))) {
            assertThat(staged).isEmpty();
        }
        assertThat(fixture.catalog().successes()).isEmpty();
    }

    /** A logical backup in a JVM of its own, one id a page so that it is still exporting when it is killed. */
    public static final class Child {
        public static void main(String[] args) {
            Neo4jServer server = Neo4jServer.attach("shared", Path.of(args[1]), Integer.parseInt(args[2]));
            new RunnerFixture(server, Path.of(args[0])).stopMode(StopMode.NONE).set("kind", "logical")
                    .set("logical.page-size", "1").build().run(BackupRequest.of(Trigger.MANUAL, "to be killed"));
        }
    }
}
