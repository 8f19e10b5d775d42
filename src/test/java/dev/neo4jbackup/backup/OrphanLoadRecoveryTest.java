package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;
import dev.neo4jbackup.restore.BackupValidator;
import dev.neo4jbackup.restore.Confirmer;
import dev.neo4jbackup.restore.RecoveryTracker;
import dev.neo4jbackup.restore.RestoreChecks;
import dev.neo4jbackup.restore.RestoreHooks;
import dev.neo4jbackup.restore.RestoreRequest;
import dev.neo4jbackup.restore.RestoreTarget;
import dev.neo4jbackup.restore.RestoreTargets;
import dev.neo4jbackup.restore.Restorer;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * No orphan load: a restore's {@code neo4j-admin database load} is recorded in the stop marker exactly
 * like a backup's dump. The service, a real child JVM restoring a backup, is killed with SIGKILL while the
 * load runs on the stopped store; the next start ends the load before it starts Neo4j. On a server of its
 * own: the store a killed load leaves is nothing to share with other tests.
 */
class OrphanLoadRecoveryTest {

    @TempDir
    Path storage;

    @Test
    void aLoadLeftRunningByAKilledRestoreIsEndedBeforeNeo4jIsStartedAgain() throws Exception {
        try (Neo4jServer server = Neo4jServer.start("orphan-load")) {
            server.run("UNWIND range(1, 1000) AS i CREATE (:Item {i: i})");
            RunReport backup = new RunnerFixture(server, storage).build().run(BackupRequest.of(Trigger.MANUAL, "seed"));
            assertThat(backup.ok()).as("the backup to restore: %s", backup.firstFailure()).isTrue();
            StateStore state = new StateStore(storage);
            Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Service.class.getName(), storage.toString(),
                    server.dir().toString(), Integer.toString(server.boltPort()), backup.outcomes().get(0).id())
                    .redirectErrorStream(true).redirectOutput(storage.resolve("service.log").toFile()).start();

            ServiceState.Child child = KilledRun.awaitRecordedChild(state, "load", Duration.ofMinutes(3));
            assertThat(child.command()).isEqualTo("neo4j-admin database load neo4j");
            ProcessHandle load = ProcessHandle.of(child.pid()).orElseThrow();
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 of the service mid-load
            assertThat(service.isAlive()).isFalse();
            assertThat(state.read().stoppedByUs().pid()).isEqualTo(service.pid());

            // the next start of the service; the start command checks that the load is gone by then
            KilledRun.Recovered recovered = KilledRun.nextStart(server, storage, state, child);
            List<Object> events = recovered.events();

            assertThat(recovered.childAliveAtStart()).as("Neo4j was started, after the load was ended").isFalse();
            assertThat(load.isAlive()).isFalse();
            assertThat(events).singleElement().isInstanceOfSatisfying(BackupEvents.Neo4jRecoveredAfterCrash.class,
                    e -> {
                        assertThat(e.endedChild()).isEqualTo("neo4j-admin database load neo4j (pid " + child.pid()
                                + ")");
                        assertThat(e.crashedRun()).startsWith("pid " + service.pid() + " on ");
                    });
        }
    }

    /** The service: a restore of the backup into the primary without a safety backup, wired as the service does. */
    public static final class Service {
        public static void main(String[] args) {
            Neo4jServer server = Neo4jServer.attach("orphan-load", Path.of(args[1]), Integer.parseInt(args[2]));
            RunnerFixture fixture = new RunnerFixture(server, Path.of(args[0]));
            BackupProperties properties = fixture.properties();
            ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
            BackupCatalog catalog = fixture.catalog();
            Neo4jAdmin admin = new Neo4jAdmin(server.installation(), processes);
            Quiescer quiescer = Neo4jConfiguration.quiescerFor(properties, server.installation(), processes,
                    server.driver());
            RestoreTargets targets = new RestoreTargets(new RestoreTarget(BackupProperties.Restore.PRIMARY, true, admin,
                    quiescer, server.driver()), properties, processes);
            StorageLock lock = new StorageLock(catalog.root());
            Restorer restorer = new Restorer(catalog, lock, new StateStopMarkers(new StateStore(catalog.root())),
                    new BackupValidator(catalog, lock, admin, Clock.systemUTC(), properties.neo4j().dumpTimeout()),
                    fixture.build(), targets, new RestoreChecks(properties.restore().indexTimeout()),
                    new RecoveryTracker(catalog.root(), Clock.systemUTC()), event -> { }, Clock.systemUTC(),
                    properties.neo4j().dumpTimeout(), properties.neo4j().startTimeout(), RestoreHooks.NONE);
            restorer.restore(new RestoreRequest(args[3], null, null, false, false, false), Confirmer.YES);
        }
    }
}
