package dev.neo4jbackup.config;

import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The documented environment variables (BACKUP_STORAGE_PATH, BACKUP_SCHEDULE, ...) bind as they are; a bad value is one line naming the fix. */
class BackupPropertiesTest {

    static BackupProperties bindEnv(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        // the name matters: Boot maps BACKUP_STORAGE_PATH to backup.storage.path only for this source
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("backup", BackupProperties.class);
    }

    @Test
    void documentedEnvironmentVariablesBindAsTheyAre() {
        BackupProperties p = bindEnv(Map.of("BACKUP_STORAGE_PATH", "/backups", "BACKUP_COMPRESSION", "none",
                "BACKUP_DATABASES", "neo4j,Movies", "BACKUP_NEO4J_STOPMODE", "none",
                "BACKUP_NEO4J_DUMPTIMEOUT", "45m"));

        assertThat(p.storage().path()).isEqualTo(Path.of("/backups"));
        assertThat(p.compression()).isEqualTo(Compression.NONE);
        assertThat(p.databases()).containsExactly("neo4j", "movies");
        assertThat(p.neo4j().stopMode()).isEqualTo(StopMode.NONE);
        assertThat(p.neo4j().dumpTimeout()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void defaultsAreThoseOfTheReadme() {
        BackupProperties p = bindEnv(Map.of());

        assertThat(p.storage().path().normalize()).isEqualTo(Path.of("backups"));
        assertThat(p.compression()).isEqualTo(Compression.GZIP);
        assertThat(p.databases()).containsExactly("neo4j");
        assertThat(p.neo4j().stopMode()).isEqualTo(StopMode.COMMAND);
        assertThat(p.neo4j().stopCommand()).isEqualTo("bin/neo4j stop");
        assertThat(p.neo4j().startCommand()).isEqualTo("bin/neo4j start");
        assertThat(p.disk().minFreeRatio()).isEqualTo(0.20);
        assertThat(p.schedule()).isEqualTo("0 2 * * *");
        assertThat(p.timezone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertThat(p.retry().delays()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(24));
        assertThat(p.retry().pauseAfter()).isEqualTo(5);
        assertThat(p.runOnStart()).isFalse();
        assertThat(p.catchUp()).isTrue();
        assertThat(p.maxAge()).isEqualTo(Duration.ofHours(25));
        assertThat(p.retention().keepDaily()).isEqualTo(7);
        assertThat(p.retention().keepWeekly()).isEqualTo(4);
        assertThat(p.retention().keepMonthly()).isEqualTo(3);
        assertThat(p.retention().minKeep()).isEqualTo(1);
        assertThat(p.alert().email()).isEmpty();
    }

    @Test
    void scheduleRetentionAndAlertVariablesBind() {
        BackupProperties p = bindEnv(Map.of("BACKUP_SCHEDULE", "0 3 * * *", "BACKUP_RETENTION_DAYS", "14",
                "BACKUP_ALERT_EMAIL", "ops@example.com, oncall@example.com", "BACKUP_TIMEZONE", "Europe/Berlin",
                "BACKUP_RETRY_DELAYS", "10s,2m"));

        assertThat(p.schedule()).isEqualTo("0 3 * * *");
        assertThat(p.retention().keepDaily()).isEqualTo(14);
        assertThat(p.alert().email()).containsExactly("ops@example.com", "oncall@example.com");
        assertThat(p.timezone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(p.retry().delays()).containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(2));
    }

    /** backup.kind chooses what a backup is made of: the dump, the one kind so far, unless configured. */
    @Test
    void theKindIsTheDumpByDefaultAndByItsVariable() {
        assertThat(bindEnv(Map.of()).kind()).isEqualTo(Kind.DUMP);
        assertThat(bindEnv(Map.of("BACKUP_KIND", "dump")).kind()).isEqualTo(Kind.DUMP);
        assertThat(KnownProperties.get().problem(
                org.springframework.boot.context.properties.source.ConfigurationPropertyName.of("backup.kind")))
                .as("a known property").isEmpty();
    }

    /** backup.logical.auto.*, backup.initial-restore and backup.metadata-node.* bind and are known. */
    @Test
    void theAutoBackupInitialRestoreAndMetadataNodePropertiesAreKnown() {
        for (String name : java.util.List.of("backup.logical.auto.enabled", "backup.logical.auto.schedule",
                "backup.logical.auto.min-new-nodes", "backup.logical.auto.min-new-relationships",
                "backup.logical.auto.min-growth-percent", "backup.logical.auto.kind", "backup.initial-restore",
                "backup.metadata-node.enabled")) {
            assertThat(KnownProperties.get().problem(
                    org.springframework.boot.context.properties.source.ConfigurationPropertyName.of(name)))
                    .as(name).isEmpty();
        }
        assertThat(bindEnv(Map.of("BACKUP_INITIALRESTORE", "/seed/neo4j.dump")).initialRestore())
                .isEqualTo(java.nio.file.Path.of("/seed/neo4j.dump"));
        assertThat(bindEnv(Map.of()).initialRestore()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BACKUP_COMPRESSION|zip|backup.compression|[gzip, none]",
            "BACKUP_KIND|json|backup.kind|[dump, logical]",
            "BACKUP_COMPRESSIONLEVEL|-1|backup.compression-level|leave BACKUP_COMPRESSIONLEVEL unset",
            "BACKUP_COMPRESSIONLEVEL|10|backup.compression-level|gzip levels are 0 (stored) to 9",
            "BACKUP_COMPRESSIONLEVEL|fast|backup.compression-level|cannot be read",
            "BACKUP_NEO4J_STOPMODE|halt|backup.neo4j.stop-mode|[none, command, docker, database]",
            "BACKUP_NEO4J_DUMPTIMEOUT|soon|backup.neo4j.dump-timeout|30s, 5m",
            "BACKUP_NEO4J_DUMPTIMEOUT|0s|backup.neo4j.dump-timeout|30s, 5m",
            "BACKUP_DATABASES|../etc|backup.databases|3-63 letters",
            "BACKUP_DISK_MINFREERATIO|1.5|backup.disk.min-free-ratio|0.20",
            "BACKUP_TIMEZONE|Mars/Olympus|backup.timezone|Europe/Berlin",
            "BACKUP_SCHEDULE|'   '|backup.schedule|0 2 * * *",
            "BACKUP_MAXAGE|0s|backup.max-age|30s, 5m",
            "BACKUP_RETRY_DELAYS|0s|backup.retry.delays|30s, 5m",
            "BACKUP_RETRY_PAUSEAFTER|0|backup.retry.pause-after|5",
            "BACKUP_RETENTION_DAYS|-1|backup.retention.days|BACKUP_RETENTION_DAYS=7",
            "BACKUP_RETENTION_MINKEEP|0|backup.retention.min-keep|never deletes every backup",
            "BACKUP_ALERT_EMAIL|ops.example.com|backup.alert.email|ops@example.com"})
    void aBadValueFailsWithOneLineNamingPropertyValueAndFix(String variable, String value, String property,
            String fix) {
        Throwable failure = catchBindFailure(Map.of(variable, value));

        FailureAnalysis analysis = new ConfigFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).doesNotContain("\n").startsWith("CONFIG_INVALID: " + property)
                .contains(variable).contains(value).contains(fix);
    }

    static Throwable catchBindFailure(Map<String, Object> env) {
        try {
            bindEnv(env);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("binding " + env + " should have failed");
    }

    /**
     * backup.compression-level: unset, 0 (stored) for a dump (zstd inside) and 1 for a logical export's text;
     * any of 0..9 binds as given and applies to both.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|0|1", "0|0|0", "1|1|1", "6|6|6", "9|9|9", "' 3 '|3|3"})
    void theCompressionLevelIsStoredForADumpAndOneForTextByDefaultAndAnyGzipLevelBinds(String value, int dump,
            int text) {
        Map<String, Object> env = value.isEmpty() ? Map.of() : Map.of("BACKUP_COMPRESSIONLEVEL", value);
        assertThat(bindEnv(env).dumpCompressionLevel()).isEqualTo(dump);
        assertThat(bindEnv(env).textCompressionLevel()).isEqualTo(text);
    }

    @Test
    void envNameDropsDashesAsSpringsRelaxedBindingDoes() {
        assertThat(ConfigInvalidException.envName("backup.neo4j.stop-mode")).isEqualTo("BACKUP_NEO4J_STOPMODE");
        assertThatThrownBy(() -> new BackupProperties.Disk(0.5, 0.2)).isInstanceOf(ConfigInvalidException.class)
                .hasMessageContaining("backup.disk.estimate-factor");
    }
}
