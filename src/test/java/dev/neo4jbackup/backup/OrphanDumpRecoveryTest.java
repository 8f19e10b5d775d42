package dev.neo4jbackup.backup;

import dev.neo4jbackup.testing.TestSigning;
import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
import dev.neo4jbackup.neo4j.ChildProcesses;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * No orphan dump: the service, a real child JVM running a real backup, is killed with SIGKILL while
 * neo4j-admin dumps the stopped store. The dump outlives it; the next start ends that dump (found by
 * the pid and start time in the stop marker) before it starts Neo4j, and says what happened.
 */
class OrphanDumpRecoveryTest {

    @TempDir
    Path storage;

    @Test
    void aDumpLeftRunningByAKilledServiceIsEndedBeforeNeo4jIsStartedAgain() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        StateStore state = new StateStore(storage);
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Service.class.getName(), storage.toString(),
                server.dir().toString(), Integer.toString(server.boltPort())).redirectErrorStream(true)
                .redirectOutput(storage.resolve("service.log").toFile()).start();

        ServiceState.Child child = KilledRun.awaitRecordedChild(state, "dump", Duration.ofMinutes(3));
        assertThat(child.command()).isEqualTo("neo4j-admin database dump neo4j");
        ProcessHandle dump = ProcessHandle.of(child.pid()).orElseThrow();
        service.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 of the service mid-dump
        assertThat(service.isAlive()).isFalse();
        assertThat(dump.isAlive()).as("the dump outlives the killed service").isTrue();
        assertThat(state.read().stoppedByUs().pid()).isEqualTo(service.pid());

        // the next start of the service; the start command checks that the dump is gone by then
        KilledRun.Recovered recovered = KilledRun.nextStart(server, storage, state, child);
        List<Object> events = recovered.events();
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());

        assertThat(recovered.childAliveAtStart()).as("Neo4j was started, after the dump was ended").isFalse();
        assertThat(dump.isAlive()).isFalse();
        assertThat(server.answers()).isTrue();
        assertThat(state.read().stoppedByUs()).isNull();
        assertThat(events).singleElement().isInstanceOfSatisfying(BackupEvents.Neo4jRecoveredAfterCrash.class, e -> {
            assertThat(e.answered()).isTrue();
            assertThat(e.endedChild()).isEqualTo("neo4j-admin database dump neo4j (pid " + child.pid() + ")");
            assertThat(e.crashedRun()).startsWith("pid " + service.pid() + " on ");
        });
        try (var staging = Files.list(storage.resolve(".staging"))) {
            assertThat(staging).as("the half dump is swept after the dump ended").isEmpty();
        }
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void aRecordedPidThatNowBelongsToAnotherProcessIsLeftAlone() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            long realStart = ChildProcesses.startTicks(other.pid()).orElseThrow();
            assertThat(ChildProcesses.end(other.pid(), realStart - 1, Duration.ofSeconds(1)))
                    .isEqualTo(ChildProcesses.Ending.PID_REUSED);
            assertThat(other.isAlive()).isTrue();
            assertThat(ChildProcesses.end(other.pid(), realStart, Duration.ofSeconds(5)))
                    .isEqualTo(ChildProcesses.Ending.TERMINATED);
            assertThat(other.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ChildProcesses.end(other.pid(), realStart, Duration.ofSeconds(1)))
                    .isEqualTo(ChildProcesses.Ending.NOT_RUNNING);
        } finally {
            other.destroyForcibly();
        }
    }

    /** The service: one scheduled backup of the shared server, stop mode command, as the service runs it. */
    public static final class Service {
        public static void main(String[] args) {
            Neo4jServer server = Neo4jServer.attach("shared", Path.of(args[1]), Integer.parseInt(args[2]));
            new RunnerFixture(server, Path.of(args[0])).build().run(BackupRequest.of(Trigger.SCHEDULED, null));
        }
    }
}
