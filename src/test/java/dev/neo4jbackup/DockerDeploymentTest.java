package dev.neo4jbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;

/**
 * The real Docker path, where a Docker engine exists (skipped cleanly elsewhere, e.g. in CI here): the
 * image the Dockerfile builds runs next to the official Neo4j image, shares its data volume, stops and
 * starts the Neo4j container through the mounted socket, and its CLI lists the backup. The same path is
 * covered without Docker by DockerStopRunTest (Engine API stand-in, real Neo4j).
 */
class DockerDeploymentTest {

    private static final String PASSWORD = "compose-test-password";

    @Test
    void theBuiltImageBacksUpANeo4jContainerInStopModeDocker() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine on this machine");
        Path root = Path.of("").toAbsolutePath();
        String neo4jTag = neo4jTag(Files.readString(root.resolve("Dockerfile")));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String neo4jName = "neo4j-" + suffix;
        String dataVolume = "neo4j-backup-test-data-" + suffix;
        DockerClient docker = DockerClientFactory.instance().client();
        String socketGroup = String.valueOf(Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid"));

        ImageFromDockerfile image = new ImageFromDockerfile("neo4j-backup-service-test", false)
                .withDockerfile(root.resolve("Dockerfile")).withBuildArg("NEO4J_VERSION", neo4jTag);
        try (Network network = Network.newNetwork();
                GenericContainer<?> neo4j = new GenericContainer<>("neo4j:" + neo4jTag).withNetwork(network)
                        .withNetworkAliases("neo4j").withEnv("NEO4J_AUTH", "neo4j/" + PASSWORD)
                        .withCreateContainerCmdModifier(cmd -> {
                            cmd.withName(neo4jName);
                            cmd.getHostConfig().withBinds(new Bind(dataVolume, new Volume("/data")));
                        })
                        .waitingFor(Wait.forLogMessage(".*Started\\..*", 1).withStartupTimeout(Duration.ofMinutes(3)));
                GenericContainer<?> backup = new GenericContainer<>(image).withNetwork(network)
                        .withEnv("NEO4J_URI", "bolt://neo4j:7687").withEnv("NEO4J_USER", "neo4j")
                        .withEnv("NEO4J_PASSWORD", PASSWORD).withEnv("NEO4J_DATA_PATH", "/data")
                        .withEnv("BACKUP_STORAGE_PATH", "/backups").withEnv("BACKUP_NEO4J_STOPMODE", "docker")
                        .withEnv("BACKUP_NEO4J_DOCKER_CONTAINER", neo4jName)
                        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                                .withBinds(new Bind(dataVolume, new Volume("/data")),
                                        new Bind("/var/run/docker.sock", new Volume("/var/run/docker.sock")))
                                .withGroupAdd(List.of(socketGroup)))
                        // a fresh install: the catch-up run starts at once
                        .waitingFor(Wait.forLogMessage(".*BACKUP_SUCCESS.*", 1)
                                .withStartupTimeout(Duration.ofMinutes(5)))) {
            neo4j.start();
            backup.start();

            ExecResult list = backup.execInContainer("neo4j-backup", "list");
            assertThat(list.getExitCode()).as(list.getStderr()).isZero();
            assertThat(list.getStdout()).containsPattern("neo4j-\\d{8}-\\d{6}");
            assertThat(backup.getLogs()).contains("NEO4J_STOP: docker stop " + neo4jName).contains("NEO4J_UP");
            assertThat(docker.inspectContainerCmd(neo4j.getContainerId()).exec().getState().getRunning()).isTrue();
            assertThat(docker.inspectContainerCmd(backup.getContainerId()).exec().getConfig().getUser())
                    .isEqualTo("neo4j");
        } finally {
            try {
                docker.removeVolumeCmd(dataVolume).exec();
            } catch (RuntimeException ignored) {
                // already gone with its containers
            }
        }
    }

    private static String neo4jTag(String dockerfile) {
        Matcher arg = Pattern.compile("(?m)^ARG NEO4J_VERSION=(\\S+)$").matcher(dockerfile);
        assertThat(arg.find()).isTrue();
        return arg.group(1);
    }
}
