package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A {@code BACKUP_*} variable or {@code backup.*} property that binds to nothing fails the start with the
 * nearest real name, in both forms; every form Spring binds (relaxed names, lists, indexes, map keys) and
 * every name the README and docs/*.md document passes.
 */
class KnownPropertiesTest {

    static Optional<String> problemOfVariable(String variable, String value) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(variable, value)));
        return problemOf(environment);
    }

    static Optional<String> problemOfProperty(String property, String value) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(property, value)));
        return problemOf(environment);
    }

    private static Optional<String> problemOf(StandardEnvironment environment) {
        List<String> problems = new ArrayList<>();
        ConfigurationPropertySources.get(environment).forEach(source -> {
            if (source instanceof IterableConfigurationPropertySource it) {
                it.filter(ConfigurationCheck.BACKUP::isAncestorOf).stream().forEach(name -> KnownProperties.get()
                        .problem(name).ifPresent(p -> problems.add(name + ": " + p)));
            }
        });
        return problems.stream().findFirst();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BACKUP_RETENTON_DAYS|backup.retenton.days: did you mean backup.retention.days (BACKUP_RETENTION_DAYS)?",
            "BACKUP_NEO4J_STOP_MODE|did you mean backup.neo4j.stop-mode (BACKUP_NEO4J_STOPMODE)?",
            "BACKUP_COMPRESION|did you mean backup.compression (BACKUP_COMPRESSION)?",
            "BACKUP_STORAGEPATH|did you mean backup.storage.path (BACKUP_STORAGE_PATH)?",
            "BACKUP_ALERT_EMAILS|did you mean backup.alert.email (BACKUP_ALERT_EMAIL)?",
            "BACKUP_API_PASSWD|did you mean backup.api.password (BACKUP_API_PASSWORD)?",
            "BACKUP_SANDBOX_ENABLE|did you mean backup.sandbox.enabled (BACKUP_SANDBOX_ENABLED)?",
            "BACKUP_COMPRESSION_LEVEL|backup.compression.level: did you mean backup.compression-level (BACKUP_COMPRESSIONLEVEL)?",
            "BACKUP_STORAGE|did you mean backup.storage.path (BACKUP_STORAGE_PATH)?",
            "BACKUP_FROBNICATE_EVERYTHING_NOW|use one of the properties in docs/configuration.md"})
    void aVariableThatBindsToNothingIsNamedWithTheNearestRealOne(String variable, String expected) {
        assertThat(problemOfVariable(variable, "3")).hasValueSatisfying(p -> assertThat(p).contains(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "backup.retention-days|did you mean backup.retention.days (BACKUP_RETENTION_DAYS)?",
            "backup.retention.keep-dayly|did you mean backup.retention.keep-daily (BACKUP_RETENTION_KEEPDAILY)?",
            "backup.neo4j.stopmode.x|backup.neo4j.stopmode.x: did you mean backup.neo4j.stop-mode",
            "backup.restore.targets.test.hom|did you mean backup.restore.targets.<name>.home",
            "backup.databases[0].name|backup.databases[0].name:"})
    void aPropertyThatBindsToNothingIsNamedWithTheNearestRealOne(String property, String expected) {
        assertThat(problemOfProperty(property, "3")).hasValueSatisfying(p -> assertThat(p).contains(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "BACKUP_STORAGE_PATH", "BACKUP_NEO4J_STOPMODE", "BACKUP_DATABASES", "BACKUP_DATABASES_0",
            "BACKUP_RETRY_DELAYS_1", "BACKUP_RESTORE_TARGETS_TEST_HOME", "BACKUP_RESTORE_TARGETS_TEST_STOPMODE",
            "BACKUP_NEO4J_DOCKER_CONTAINER", "BACKUP_API_VIEWERPASSWORD", "BACKUP_HEALTH_STARTUPGRACE",
            "BACKUP_ALERT_BASEURL", "BACKUP_SCHEDULER_ENABLED", "BACKUP_SANDBOX_BOLTPORT", "BACKUP_DRILL_SCHEDULE",
            "BACKUP_VERIFY_MODE", "BACKUP_RETENTION_DAYS" })
    void everyVariableSpringBindsPasses(String variable) {
        assertThat(problemOfVariable(variable, "x")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "backup.storage.path", "backup.neo4j.stop-mode", "backup.neo4j.stopMode",
            "backup.databases[1]", "backup.retry.delays[0]", "backup.restore.targets.test.conf-dir",
            "backup.restore.targets.drill.uri", "backup.alert.email[0]", "backup.alert.subject-prefix",
            "backup.api.public-read", "backup.health.startup-grace", "backup.alert.check-interval",
            "backup.sandbox.start", "backup.disk.min-free-ratio" })
    void everyPropertySpringBindsPasses(String property) {
        assertThat(problemOfProperty(property, "x")).isEmpty();
    }

    /** The docs' tables and the check agree: a documented name that failed the start would be a bug. */
    @Test
    void everyPropertyAndVariableTheDocsDocumentIsKnown() throws IOException {
        // the property tables live in docs/*.md (configuration, retention, observability, ...), the README points there
        StringBuilder docs = new StringBuilder(Files.readString(Path.of("README.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                docs.append('\n').append(Files.readString(page));
            }
        }
        String readme = docs.toString();
        Matcher row = Pattern.compile(
                "(?m)^\\| `(backup\\.[a-z0-9.\\-]+)`(?: / `-([a-z\\-]+)`)? \\| `(BACKUP_[A-Z0-9_]+)`").matcher(readme);
        int rows = 0;
        while (row.find()) {
            rows++;
            assertThat(KnownProperties.get().problem(ConfigurationPropertyName.of(row.group(1))))
                    .as(row.group(1)).isEmpty();
            assertThat(problemOfVariable(row.group(3), "x")).as(row.group(3)).isEmpty();
        }
        assertThat(rows).as("documented rows found").isGreaterThan(30);
    }

    @Test
    void theStartCheckThrowsTheOneLine() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("backup.retenton.days", "3", "backup.sandbox.enabled", "false")));
        assertThatThrownBy(() -> ConfigurationCheck.check(environment)).isInstanceOf(ConfigInvalidException.class)
                .hasMessage("CONFIG_INVALID: backup.retenton.days (BACKUP_RETENTON_DAYS) = '3': no such property. "
                        + "Fix: did you mean backup.retention.days (BACKUP_RETENTION_DAYS)?");
    }
}
