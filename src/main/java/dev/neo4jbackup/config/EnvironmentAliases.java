package dev.neo4jbackup.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The documented variables that are not under `backup`: NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD for the
 * Bolt driver (spring.neo4j.*), NEO4J_HOME, NEO4J_CONF and NEO4J_DATA_PATH for neo4j-admin. Added at
 * the lowest precedence, so the Spring names (SPRING_NEO4J_URI, BACKUP_NEO4J_HOME) still win.
 */
public class EnvironmentAliases implements EnvironmentPostProcessor, Ordered {

    static final Map<String, String> ALIASES = Map.of(
            "NEO4J_URI", "spring.neo4j.uri",
            "NEO4J_USER", "spring.neo4j.authentication.username",
            "NEO4J_PASSWORD", "spring.neo4j.authentication.password",
            "NEO4J_HOME", "backup.neo4j.home",
            "NEO4J_CONF", "backup.neo4j.conf-dir",
            "NEO4J_DATA_PATH", "backup.neo4j.data-path");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> values = new LinkedHashMap<>();
        ALIASES.forEach((variable, property) -> {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                values.put(property, value);
            }
        });
        if (!values.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("neo4jBackupEnvironmentAliases", values));
        }
    }

    /** After Boot's config data (application.yml), before the sandbox decides whether it is needed. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
