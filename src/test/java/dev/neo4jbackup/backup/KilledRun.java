package dev.neo4jbackup.backup;

import dev.neo4jbackup.testing.TestSigning;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.ChildProcesses;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * The two halves of an orphan test around a service killed with SIGKILL while its neo4j-admin child runs on
 * the stopped store: wait until the child is in the stop marker, and the next start of the service
 * (start-up recovery, with the stop mode's commands), noting at Neo4j's start whether the child still ran.
 */
final class KilledRun {

    private KilledRun() {
    }

    /** What the next start saw: its events, and whether the recorded child was alive when Neo4j was started. */
    record Recovered(List<Object> events, Boolean childAliveAtStart) {
    }

    /** The child the service recorded in the stop marker, once its command contains {@code verb} (dump, load). */
    static ServiceState.Child awaitRecordedChild(StateStore state, String verb, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceState.StopMarker marker = state.read().stoppedByUs();
            if (marker != null && marker.child() != null && marker.child().command().contains(verb)) {
                return marker.child();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the service never recorded its " + verb + " in the stop marker");
    }

    /** The next start of the service over {@code storage}: start-up recovery as the service runs it. */
    static Recovered nextStart(Neo4jServer server, Path storage, StateStore state, ServiceState.Child child) {
        List<Object> events = new ArrayList<>();
        AtomicReference<Boolean> childAliveAtStart = new AtomicReference<>();
        RunnerFixture fixture = new RunnerFixture(server, storage);
        Quiescer commands = Neo4jConfiguration.quiescerFor(fixture.properties(), server.installation(),
                new ProcessRunner(ChildEnvironment.byName()), server.driver());
        Quiescer watched = new Quiescer() {
            @Override
            public String mode() {
                return commands.mode();
            }

            @Override
            public void stop() {
                commands.stop();
            }

            @Override
            public void resume() {
                childAliveAtStart.set(ChildProcesses.startTicks(child.pid()).isPresent());
                commands.resume();
            }
        };
        new StartupRecovery(TestSigning.catalog(storage, Clock.systemUTC()), new StorageLock(storage), state, watched,
                new BoltProbe(server.driver()), fixture.properties(), events::add, Clock.systemUTC()).start();
        return new Recovered(events, childAliveAtStart.get());
    }
}
