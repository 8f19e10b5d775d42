package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.CommandStop;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/** A process that died with Neo4j stopped: the next start starts Neo4j first and says so. */
class StartupRecoveryTest {

    @TempDir
    Path storage;

    @Test
    void aStopMarkerLeftByACrashMakesTheNextStartStartNeo4j() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        RunnerFixture fixture = new RunnerFixture(server, storage);
        BackupCatalog catalog = fixture.catalog();
        catalog.prepare();
        StateStore state = new StateStore(catalog.root());
        // what a run that was killed during its dump leaves: Neo4j stopped, the marker written, staging debris
        state.update(s -> s.withStoppedByUs(new ServiceState.StopMarker(Instant.now(), "command", "neo4j", 4242,
                "crashed-host")));
        Files.writeString(Files.createDirectories(catalog.root().resolve(".staging/neo4j-20250101-000000"))
                .resolve("neo4j.dump"), "half a dump");
        server.stop();
        assertThat(server.answers()).isFalse();

        List<Object> events = new ArrayList<>();
        ProcessRunner runner = new ProcessRunner(ChildEnvironment.byName());
        StartupRecovery recovery = new StartupRecovery(catalog, new StorageLock(catalog.root()), state,
                new CommandStop("bin/neo4j stop", "bin/neo4j start", server.installation(), runner,
                        Duration.ofMinutes(1), Duration.ofMinutes(2)),
                new BoltProbe(server.driver()), fixture.properties(), events::add, Clock.systemUTC());
        recovery.start();

        assertThat(server.answers()).isTrue();
        assertThat(state.read().stoppedByUs()).isNull();
        assertThat(events).singleElement().isInstanceOfSatisfying(BackupEvents.Neo4jRecoveredAfterCrash.class,
                e -> assertThat(e.answered()).isTrue());
        try (var staging = Files.list(catalog.root().resolve(".staging"))) {
            assertThat(staging).isEmpty();
        }
    }
}
