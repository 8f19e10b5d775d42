package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.FakeDockerEngine;
import dev.neo4jbackup.testing.FakeDockerEngine.FakeContainer;

/**
 * The docker-java client against the Engine API stand-in on a unix socket: which containers are
 * stopped and started, and what an operator reads when the engine is missing or says no. (The full run
 * with a real Neo4j behind the container is DockerStopRunTest.)
 */
class DockerStopTest {

    private final FakeDockerEngine engine = FakeDockerEngine.start();
    private DockerStop stop;

    @AfterEach
    void close() throws Exception {
        if (stop != null) {
            stop.close();
        }
        engine.close();
    }

    private DockerStop docker(DockerTarget target, Duration stopTimeout) {
        stop = new DockerStop(target, engine.host(), stopTimeout);
        return stop;
    }

    @Test
    void byNameStopsThenStartsThatContainerOnly() {
        FakeContainer neo4j = engine.stub("neo4j", true, Map.of());
        FakeContainer other = engine.stub("prometheus", true, Map.of());
        DockerStop stop = docker(DockerTarget.named("neo4j"), Duration.ofSeconds(120));

        stop.stop();
        assertThat(neo4j.running()).isFalse();
        stop.resume();

        assertThat(neo4j.running()).isTrue();
        assertThat(other.running()).isTrue();
        assertThat(engine.actions()).containsExactly("stop neo4j", "start neo4j");
        // Docker's grace period before SIGKILL is our stop timeout
        assertThat(engine.calls()).anyMatch(c -> c.matches("POST .*/containers/" + neo4j.id() + "/stop\\?t=120"));
    }

    @Test
    void byLabelStopsEveryRunningMatchAndStartsOnlyWhatWasRunning() {
        FakeContainer core1 = engine.stub("core1", true, Map.of("dev.neo4jbackup.stop", "graph"));
        FakeContainer core2 = engine.stub("core2", true, Map.of("dev.neo4jbackup.stop", "graph"));
        FakeContainer wasDown = engine.stub("spare", false, Map.of("dev.neo4jbackup.stop", "graph"));
        FakeContainer otherLabel = engine.stub("web", true, Map.of("dev.neo4jbackup.stop", "web"));
        DockerStop stop = docker(DockerTarget.labelled("dev.neo4jbackup.stop=graph"), Duration.ofSeconds(30));

        stop.stop();
        assertThat(core1.running()).isFalse();
        assertThat(core2.running()).isFalse();
        stop.resume();

        assertThat(core1.running()).isTrue();
        assertThat(core2.running()).isTrue();
        assertThat(wasDown.running()).as("not running before: left stopped").isFalse();
        assertThat(otherLabel.running()).isTrue();
        assertThat(engine.actions()).containsExactlyInAnyOrder("stop core1", "stop core2", "start core1",
                "start core2");
    }

    @Test
    void anUnknownContainerIsAStopFailureNamingTheProperty() {
        engine.stub("neo4j", true, Map.of());
        DockerStop stop = docker(DockerTarget.named("neo4j-typo"), Duration.ofSeconds(30));

        assertThatThrownBy(stop::stop).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.NEO4J_STOP_FAILED);
            assertThat(f.reason()).contains("No container named 'neo4j-typo'").contains(engine.host());
            assertThat(f.action()).contains("BACKUP_NEO4J_DOCKER_CONTAINER").contains("docker ps -a");
        });
        stop.resume(); // the run always resumes: nothing was stopped, nothing is started
        assertThat(engine.actions()).isEmpty();
    }

    @Test
    void aContainerThatIsNotRunningIsNotStoppedAndTheRunIsRefused() {
        FakeContainer neo4j = engine.stub("neo4j", false, Map.of());
        DockerStop stop = docker(DockerTarget.named("neo4j"), Duration.ofSeconds(30));

        assertThatThrownBy(stop::stop).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.NEO4J_STOP_FAILED);
            assertThat(f.reason()).contains("No running container named 'neo4j'");
        });
        stop.resume();
        assertThat(neo4j.running()).as("only what was running is started").isFalse();
        assertThat(engine.actions()).isEmpty();
    }

    @Test
    void noEngineAtTheSocketSaysHowToMountIt() {
        stop = new DockerStop(DockerTarget.named("neo4j"), "unix:///tmp/no-such-dir/docker.sock",
                Duration.ofSeconds(30));

        assertThatThrownBy(stop::stop).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.NEO4J_STOP_FAILED);
            assertThat(f.reason()).contains("cannot reach the Docker Engine at unix:///tmp/no-such-dir/docker.sock");
            assertThat(f.action()).contains("/var/run/docker.sock").contains("group_add");
        });
    }

    @Test
    void aStartTheEngineRefusesIsRestartFailedWithTheEnginesMessage() {
        FakeContainer neo4j = engine.stub("neo4j", true, Map.of())
                .failStart("driver failed programming external connectivity: port 7687 is already allocated");
        DockerStop stop = docker(DockerTarget.named("neo4j"), Duration.ofSeconds(30));
        stop.stop();

        assertThatThrownBy(stop::resume).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.NEO4J_RESTART_FAILED);
            assertThat(f.reason()).contains("Docker could not start container neo4j")
                    .contains("500").contains("port 7687 is already allocated");
            assertThat(f.action()).contains("docker start neo4j").contains("docker logs neo4j");
        });
        assertThat(neo4j.running()).isFalse();
    }

    @Test
    void aStopWithoutAnswerTimesOutAsStopFailedAndTheResumeStillStartsIt() {
        // the engine holds the answer longer than the grace period plus the margin (1 + 10 s), with room for a
        // loaded machine between the two
        FakeContainer neo4j = engine.stub("neo4j", true, Map.of()).stopDelay(Duration.ofSeconds(25));
        DockerStop stop = docker(DockerTarget.named("neo4j"), Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertThatThrownBy(stop::stop).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.NEO4J_STOP_FAILED);
            assertThat(f.reason()).contains("Docker could not stop container neo4j").contains("no answer");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));

        // the stop went through in the end; the resume starts it because it was running before
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !neo4j.running());
        stop.resume();
        assertThat(neo4j.running()).isTrue();
    }

    @Test
    void aResumeAfterACrashStartsTheStoppedMatches() {
        FakeContainer neo4j = engine.stub("neo4j", false, Map.of());
        DockerStop stop = docker(DockerTarget.named("neo4j"), Duration.ofSeconds(30));

        stop.resume(); // start-up recovery: no stop in this process

        assertThat(neo4j.running()).isTrue();
        assertThat(engine.actions()).containsExactly("start neo4j");
    }
}
