package dev.neo4jbackup.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: with no Neo4j configured at all, the service runs against a local Neo4j it
 * starts from the home the build assembled (target/neo4j-home), so that a newcomer's first
 * `./mvnw spring-boot:run` takes a real backup. The values go in at the lowest precedence, and the
 * sandbox switches itself off as soon as any Neo4j is configured (or backup.sandbox.enabled=false).
 */
public class SandboxDefaults implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "backup.sandbox.enabled";
    static final List<String> CONFIGURED_NEO4J = List.of("NEO4J_URI", "NEO4J_HOME", "spring.neo4j.uri",
            "backup.neo4j.home");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String explicit = environment.getProperty(ENABLED);
        boolean configured = CONFIGURED_NEO4J.stream().anyMatch(key -> {
            String value = environment.getProperty(key);
            return value != null && !value.isBlank();
        });
        boolean enabled = explicit != null ? Boolean.parseBoolean(explicit) : !configured;
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(ENABLED, String.valueOf(enabled));
        if (enabled) {
            Path target = buildTarget();
            Path home = Path.of(environment.getProperty("backup.sandbox.home", target.resolve("neo4j-home").toString()));
            Path dir = Path.of(environment.getProperty("backup.sandbox.dir", target.resolve("sandbox").toString()));
            String port = environment.getProperty("backup.sandbox.bolt-port", "7687");
            defaults.put("backup.neo4j.home", home.toString());
            defaults.put("backup.neo4j.conf-dir", dir.resolve("conf").toString());
            defaults.put("backup.neo4j.stop-mode", "command");
            defaults.put("spring.neo4j.uri", "bolt://127.0.0.1:" + port);
            defaults.put("spring.neo4j.authentication.username", "neo4j");
            defaults.put("spring.neo4j.authentication.password", SandboxNeo4j.PASSWORD);
        }
        environment.getPropertySources().addLast(new MapPropertySource("neo4jBackupSandboxDefaults", defaults));
    }

    /**
     * The build's target folder: ./target from the repository (spring-boot:run), or the folder the jar
     * lies in when bin/neo4j-backup runs it from elsewhere, so the CLI finds the same sandbox.
     */
    static Path buildTarget() {
        Path relative = Path.of("target");
        if (Files.isDirectory(relative.resolve("neo4j-home"))) {
            return relative;
        }
        // the folder of the jar, or of target/classes when run from the build
        Path folder = new ApplicationHome(SandboxDefaults.class).getDir().toPath();
        for (Path candidate : new Path[] { folder, folder.getParent() }) {
            if (candidate != null && Files.isDirectory(candidate.resolve("neo4j-home"))) {
                return candidate;
            }
        }
        return relative;
    }

    /** After {@code EnvironmentAliases}: NEO4J_URI and NEO4J_HOME count as a configured Neo4j. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
