package dev.neo4jbackup.restore;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.testing.Datasets;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The bundled initial backup on a real, empty Neo4j of its own: a file whose checksum does not match is refused
 * and alerted, and the database stays empty; the right file is restored once (a catalogue entry with trigger
 * INITIAL, the file and its SHA-256 in the state), never a second time; and a database with data is never
 * touched, even where the state knows of no initial restore. One load in all (northwind, from ../shared).
 */
@ExtendWith(Neo4jExtension.class)
class InitialRestoreTest {

    @Test
    void restoresTheBundledDumpOnceIntoTheEmptyDatabaseOnly(@Neo4jExtension.Fresh Neo4jServer server,
            @TempDir Path storage, @TempDir Path bundle, @TempDir Path otherStorage) throws Exception {
        Path dump = Files.copy(Datasets.northwind(), bundle.resolve("northwind.dump"));
        Path sidecar = bundle.resolve("northwind.dump.sha256");
        Files.writeString(sidecar, "f".repeat(64) + "  northwind.dump\n");

        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            // a checksum that does not match: refused before anything stops, alerted, nothing recorded
            InitialRestore.Outcome refused = initialRestore(fixture, dump, storage).runOnce();
            assertThat(refused.result()).isEqualTo(InitialRestore.Result.FAILED);
            assertThat(refused.detail()).contains("the checksum of northwind.dump does not match");
            assertThat(fixture.events).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                    RestoreEvents.RestoreFailed.class, failed -> {
                        assertThat(failed.failure().code()).isEqualTo(ErrorCode.INITIAL_RESTORE_INVALID);
                        assertThat(failed.id()).isEqualTo("initial-restore");
                    }));
            assertThat(server.count("MATCH (n) RETURN count(n)")).isZero();
            assertThat(new StateStore(storage).read().initialRestore()).isNull();

            // the right checksum: restored, in the catalogue and in the state
            Files.writeString(sidecar, BundledBackupTest.sha256(dump) + "  northwind.dump\n");
            InitialRestore.Outcome restored = initialRestore(fixture, dump, storage).runOnce();
            assertThat(restored.result()).as(restored.detail()).isEqualTo(InitialRestore.Result.RESTORED);
            long nodes = server.count("MATCH (n) RETURN count(n)");
            assertThat(nodes).isPositive();
            Manifest entry = fixture.catalog.require(restored.backupId());
            assertThat(entry.trigger()).isEqualTo(Trigger.INITIAL);
            assertThat(entry.sha256()).isEqualTo(BundledBackupTest.sha256(dump));
            ServiceState.InitialRestored recorded = new StateStore(storage).read().initialRestore();
            assertThat(recorded.file()).isEqualTo(dump.toAbsolutePath().toString());
            assertThat(recorded.sha256()).isEqualTo(entry.sha256());
            assertThat(recorded.backupId()).isEqualTo(entry.id());

            // never again
            assertThat(initialRestore(fixture, dump, storage).runOnce().result())
                    .isEqualTo(InitialRestore.Result.ALREADY_RESTORED);

            // a state that knows nothing (another storage folder): the data is there, so it is never touched
            InitialRestore.Outcome notEmpty = initialRestore(fixture, dump, otherStorage).runOnce();
            assertThat(notEmpty.result()).isEqualTo(InitialRestore.Result.NOT_EMPTY);
            assertThat(TestSigning.catalog(otherStorage, Clock.systemUTC()).list()).isEmpty();
            assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(nodes);
        }
    }

    private static InitialRestore initialRestore(RestoreFixture fixture, Path file, Path storage) {
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
        Neo4jServer server = fixture.runnerFixture.server();
        return new InitialRestore(file, "neo4j", new StateStore(storage), catalog, new StorageLock(storage),
                new GraphStatsReader(server.driver()), new BoltProbe(server.driver()), fixture.restorer,
                fixture.events::add, Clock.systemUTC(), Duration.ofSeconds(30));
    }
}
