package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

import dev.neo4jbackup.testing.TestProperties;

/** backup.neo4j.docker.*: what stop mode docker needs, refused at start with the property to fix. */
class StopModePropertiesTest {

    @Test
    void dockerModeNamesTheContainerOnTheMountedSocketByDefault() {
        BackupProperties properties = TestProperties.bind(Map.of("neo4j.stop-mode", "docker",
                "neo4j.docker.container", " neo4j "));

        assertThat(properties.neo4j().stopMode()).isEqualTo(StopMode.DOCKER);
        assertThat(properties.neo4j().docker().container()).isEqualTo("neo4j");
        assertThat(properties.neo4j().docker().label()).isNull();
        assertThat(properties.neo4j().docker().host()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void dockerModeWithoutAContainerOrLabelIsRefused() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("neo4j.stop-mode", "docker")))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(ConfigInvalidException.class)
                .hasMessageStartingWith("CONFIG_INVALID: backup.neo4j.docker.container "
                        + "(BACKUP_NEO4J_DOCKER_CONTAINER) = '': stop mode docker needs the Neo4j container")
                .hasMessageContaining("BACKUP_NEO4J_DOCKER_LABEL");
    }

    @Test
    void aNameAndALabelTogetherAreRefused() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("neo4j.stop-mode", "docker",
                "neo4j.docker.container", "neo4j", "neo4j.docker.label", "com.docker.compose.service=neo4j")))
                .rootCause().hasMessageContaining("both a container name and a label are set");
    }

    @Test
    void aHostThatIsNoDockerAddressIsRefused() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("neo4j.stop-mode", "docker",
                "neo4j.docker.container", "neo4j", "neo4j.docker.host", "/var/run/docker.sock")))
                .rootCause().hasMessageContaining("backup.neo4j.docker.host (BACKUP_NEO4J_DOCKER_HOST)")
                .hasMessageContaining("unix:///var/run/docker.sock");
    }

    @Test
    void otherModesNeedNoContainer() {
        assertThat(TestProperties.bind(Map.of("neo4j.stop-mode", "database")).neo4j().stopMode())
                .isEqualTo(StopMode.DATABASE);
        assertThat(TestProperties.bind(Map.of()).neo4j().docker().container()).isNull();
    }
}
