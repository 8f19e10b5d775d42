package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ImportBudget;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * kill -9 of a restore mid-import, for real: a child JVM restores a logical backup of the shared server clear-first
 * (with its safety backup) and is killed with SIGKILL once its import has written part of the graph under the
 * temporary label. The next start finds the import marker: RESTORE_INTERRUPTED (the alert's event), the safety
 * backup loaded back, the temporary label and index gone, the recovery state RECOVERY_FAILED saying so, never
 * RECOVERING with nobody working; the shared server holds its sample graph again.
 */
class KilledImportRecoveryTest {

    @TempDir
    Path storage;

    @Test
    void anImportKilledWithSigkillIsRolledBackAtTheNextStart() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                .set("kind", "logical"));
        String id = restore.backup();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), storage.toString(),
                server.dir().toString(), Integer.toString(server.boltPort()), id).redirectErrorStream(true)
                .redirectOutput(storage.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && child.isAlive() && !(Files.exists(storage.resolve(".import.json"))
                    && server.count("MATCH (n:__BackupImport) RETURN count(n)") > 0)) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("the child imports: %s", Files.readString(storage.resolve("child.log")))
                    .isTrue();
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 mid-import
        } finally {
            child.destroyForcibly();
        }
        assertThat(ImportMarker.read(storage)).isPresent();
        assertThat(server.count("MATCH (n:__BackupImport) RETURN count(n)")).isPositive();
        assertThat(restore.tracker.current().state()).isEqualTo(RecoveryState.RECOVERING);

        List<Object> events = new ArrayList<>();
        InterruptedRestores next = new InterruptedRestores(storage, new StorageLock(storage), restore.tracker,
                restore.targets, restore.restorer, BackupProperties.Restore.OnInterrupt.ROLLBACK, events::add,
                Clock.systemUTC());
        InterruptedRestores.Finished finished = next.finish().orElseThrow();

        assertThat(finished.rolledBack()).as(finished.outcome()).isTrue();
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
        ProofBeforeDestructionTest.assertTemporariesGone(server);
        assertThat(ImportMarker.read(storage)).isEmpty();
        RecoveryStatus status = restore.tracker.current();
        assertThat(status.state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
        assertThat(status.backupId()).isEqualTo(id);
        assertThat(status.message()).contains("interrupted", "nodes carried the import's temporary label",
                "rolled back");
        assertThat(events).filteredOn(RestoreEvents.RestoreFailed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RestoreEvents.RestoreFailed) e).failure().code())
                        .isEqualTo(ErrorCode.RESTORE_INTERRUPTED));
        assertThat(next.finish()).as("finished once").isEmpty();
    }

    /** The restore in a JVM of its own, in small batches so that it is still importing when it is killed. */
    public static final class Child {
        public static void main(String[] args) {
            Neo4jServer server = Neo4jServer.attach("shared", Path.of(args[1]), Integer.parseInt(args[2]));
            RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, Path.of(args[0]))
                    .stopMode(StopMode.NONE).set("kind", "logical"));
            restore.restorer.logicalWith(new ImportBudget(20, 1024 * 1024), 1024 * 1024);
            restore.restorer.restore(new RestoreRequest(args[3], null, null, false, false, true, Mode.CLEAR_FIRST),
                    Confirmer.YES);
        }
    }
}
