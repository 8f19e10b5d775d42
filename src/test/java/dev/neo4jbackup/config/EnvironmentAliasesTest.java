package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.neo4jbackup.sandbox.SandboxDefaults;

/** The operator's NEO4J_* variables (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_HOME) reach the driver and neo4j-admin; any of them switches the sandbox off. */
class EnvironmentAliasesTest {

    static StandardEnvironment process(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test-env", env));
        new EnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());
        new SandboxDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void neo4jVariablesMapToTheirProperties() {
        StandardEnvironment environment = process(Map.of("NEO4J_URI", "bolt://db:7687", "NEO4J_USER", "backup",
                "NEO4J_PASSWORD", "s3cret", "NEO4J_HOME", "/var/lib/neo4j", "NEO4J_DATA_PATH", "/data"));

        assertThat(environment.getProperty("spring.neo4j.uri")).isEqualTo("bolt://db:7687");
        assertThat(environment.getProperty("spring.neo4j.authentication.username")).isEqualTo("backup");
        assertThat(environment.getProperty("spring.neo4j.authentication.password")).isEqualTo("s3cret");
        assertThat(environment.getProperty("backup.neo4j.home")).isEqualTo("/var/lib/neo4j");
        assertThat(environment.getProperty("backup.neo4j.data-path")).isEqualTo("/data");
        assertThat(environment.getProperty("backup.sandbox.enabled")).isEqualTo("false");
    }

    @Test
    void springNamesWinOverTheAliases() {
        StandardEnvironment environment = process(Map.of("NEO4J_URI", "bolt://alias:7687",
                "spring.neo4j.uri", "bolt://explicit:7687"));

        assertThat(environment.getProperty("spring.neo4j.uri")).isEqualTo("bolt://explicit:7687");
    }

    @Test
    void withNothingConfiguredTheSandboxIsTheDefault() {
        StandardEnvironment environment = process(Map.of());

        assertThat(environment.getProperty("backup.sandbox.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("spring.neo4j.uri")).isEqualTo("bolt://127.0.0.1:7687");
        assertThat(environment.getProperty("backup.neo4j.home")).isEqualTo("target/neo4j-home");
    }
}
