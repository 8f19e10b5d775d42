package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.DockerStop;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.FakeDockerEngine;
import dev.neo4jbackup.testing.FakeDockerEngine.FakeContainer;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jExtension.Fresh;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Stop mode docker end to end: the service's own wiring (Neo4jConfiguration.quiescerFor from the
 * properties) drives the docker-java client over a unix socket to the Engine API stand-in, whose stop and
 * start really stop and start a real Neo4j; the run dumps the stopped store and waits for Bolt itself.
 */
@ExtendWith(Neo4jExtension.class)
class DockerStopRunTest {

    @TempDir
    Path storage;

    @Test
    void aFullBackupRunInDockerStopModeStopsAndStartsTheContainerThroughTheEngineApi(@Fresh Neo4jServer server)
            throws Exception {
        SampleGraph.create(server.driver());
        try (FakeDockerEngine engine = FakeDockerEngine.start()) {
            FakeContainer neo4j = engine.neo4j("neo4j", server, Map.of("com.docker.compose.service", "neo4j"));
            FakeContainer bystander = engine.stub("prometheus", true, Map.of());
            RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.DOCKER)
                    .set("neo4j.docker.container", "neo4j").set("neo4j.docker.host", engine.host());
            Quiescer quiescer = Neo4jConfiguration.quiescerFor(fixture.properties(), server.installation(),
                    new ProcessRunner(ChildEnvironment.byName()), server.driver());
            assertThat(quiescer).isInstanceOf(DockerStop.class);

            RunReport report;
            try (DockerStop docker = (DockerStop) quiescer) {
                report = fixture.quiescer(docker).build().run(BackupRequest.of(Trigger.MANUAL, "docker mode"));
            }

            assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
            assertThat(engine.actions()).containsExactly("stop neo4j", "start neo4j");
            assertThat(neo4j.running()).isTrue();
            assertThat(bystander.running()).isTrue();
            // Docker's start returns before Bolt is up: the run waited for a query to run again
            assertThat(server.answers()).isTrue();
            Manifest manifest = report.outcomes().get(0).manifest();
            assertThat(manifest.stopMode()).isEqualTo("docker");
            assertThat(manifest.status()).isEqualTo(Manifest.Status.COMPLETE);
            assertThat(manifest.downtimeMs()).isPositive();
            assertThat(manifest.graph().nodes()).isEqualTo(SampleGraph.PEOPLE + SampleGraph.COMPANIES
                    + SampleGraph.CITIES + SampleGraph.SKILLS);
            assertThat(manifest.graph().relationships()).isEqualTo(1525);
            assertThat(storage.resolve(manifest.archive())).exists();
            assertThat(fixture.state().read().stoppedByUs()).isNull();
        }
    }

    @Test
    void aCrashWithTheContainerStoppedIsRecoveredAtStartThroughTheEngineApi(@Fresh Neo4jServer server)
            throws Exception {
        try (FakeDockerEngine engine = FakeDockerEngine.start()) {
            RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.DOCKER)
                    .set("neo4j.docker.container", "neo4j").set("neo4j.docker.host", engine.host());
            BackupCatalog catalog = fixture.catalog();
            catalog.prepare();
            StateStore state = new StateStore(catalog.root());
            // what a process killed during its dump leaves: the container stopped, the marker written
            state.update(s -> s.withStoppedByUs(new ServiceState.StopMarker(Instant.now(), "docker", "neo4j", 4242,
                    "backup")));
            server.stop();
            assertThat(server.answers()).isFalse();
            FakeContainer neo4j = engine.neo4j("neo4j", server, Map.of());
            assertThat(neo4j.running()).isFalse();

            List<Object> events = new ArrayList<>();
            try (DockerStop docker = (DockerStop) Neo4jConfiguration.quiescerFor(fixture.properties(),
                    server.installation(), new ProcessRunner(ChildEnvironment.byName()), server.driver())) {
                new StartupRecovery(catalog, new StorageLock(catalog.root()), state, docker,
                        new BoltProbe(server.driver()), fixture.properties(), events::add, Clock.systemUTC()).start();
            }

            assertThat(engine.actions()).containsExactly("start neo4j");
            assertThat(neo4j.running()).isTrue();
            assertThat(server.answers()).isTrue();
            assertThat(state.read().stoppedByUs()).isNull();
            assertThat(events).singleElement().isInstanceOfSatisfying(BackupEvents.Neo4jRecoveredAfterCrash.class,
                    e -> assertThat(e.answered()).isTrue());
        }
    }

    @Test
    void aWrongContainerNameFailsBeforeNeo4jIsTouchedAndNeo4jKeepsRunning(Neo4jServer shared) throws Exception {
        try (FakeDockerEngine engine = FakeDockerEngine.start()) {
            engine.neo4j("neo4j", shared, Map.of());
            RunnerFixture fixture = new RunnerFixture(shared, storage).stopMode(StopMode.DOCKER)
                    .set("neo4j.docker.container", "neo4j-1").set("neo4j.docker.host", engine.host())
                    .startTimeout(Duration.ofSeconds(30));
            RunReport report;
            try (DockerStop docker = (DockerStop) Neo4jConfiguration.quiescerFor(fixture.properties(),
                    shared.installation(), new ProcessRunner(ChildEnvironment.byName()), shared.driver())) {
                report = fixture.quiescer(docker).build().run(BackupRequest.of(Trigger.MANUAL, null));
            }

            assertThat(report.ok()).isFalse();
            assertThat(report.firstFailure()).hasValueSatisfying(f -> {
                assertThat(f.code()).hasToString("NEO4J_STOP_FAILED");
                assertThat(f.reason()).contains("No container named 'neo4j-1'");
            });
            assertThat(engine.actions()).isEmpty();
            assertThat(shared.answers()).isTrue();
            assertThat(fixture.catalog().list()).isEmpty();
        }
    }
}
