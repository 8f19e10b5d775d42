package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code backup.neo4j.snapshot}: off by default; command mode names both its command and its path. */
class SnapshotPropertiesTest {

    @Test
    void offByDefaultAndCopyNeedsNothingElse() {
        assertThat(BackupPropertiesTest.bindEnv(Map.of()).neo4j().snapshot()).isEqualTo(SnapshotMode.OFF);
        assertThat(BackupPropertiesTest.bindEnv(Map.of("BACKUP_NEO4J_SNAPSHOT", "copy")).neo4j().snapshot())
                .isEqualTo(SnapshotMode.COPY);
    }

    @Test
    void commandModeBindsFromTheEnvironment() {
        BackupProperties.Neo4j neo4j = BackupPropertiesTest.bindEnv(Map.of("BACKUP_NEO4J_SNAPSHOT", "command",
                "BACKUP_NEO4J_SNAPSHOTCOMMAND", " zfs snapshot tank/neo4j@b ", "BACKUP_NEO4J_SNAPSHOTPATH",
                "/tank/neo4j/.zfs/snapshot/b")).neo4j();
        assertThat(neo4j.snapshotCommand()).isEqualTo("zfs snapshot tank/neo4j@b");
        assertThat(neo4j.snapshotPath()).isEqualTo(Path.of("/tank/neo4j/.zfs/snapshot/b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|/mnt/snap|backup.neo4j.snapshot-command",
            "lvcreate -s vg/neo4j||backup.neo4j.snapshot-path"})
    void commandModeWithoutItsCommandOrPathIsRefused(String command, String path, String property) {
        Map<String, Object> env = new java.util.HashMap<>(Map.of("BACKUP_NEO4J_SNAPSHOT", "command"));
        if (command != null) {
            env.put("BACKUP_NEO4J_SNAPSHOTCOMMAND", command);
        }
        if (path != null) {
            env.put("BACKUP_NEO4J_SNAPSHOTPATH", path);
        }
        assertThatThrownBy(() -> BackupPropertiesTest.bindEnv(env)).rootCause()
                .isInstanceOf(ConfigInvalidException.class).hasMessageContaining(property);
    }

    @ParameterizedTest
    @CsvSource({"-1", "20"})
    void aNicenessOutsideZeroToNineteenIsRefused(String nice) {
        assertThat(BackupPropertiesTest.bindEnv(Map.of()).neo4j().nice()).isEqualTo(10);
        assertThat(BackupPropertiesTest.bindEnv(Map.of("BACKUP_NEO4J_NICE", "0")).neo4j().nice()).isZero();
        assertThatThrownBy(() -> BackupPropertiesTest.bindEnv(Map.of("BACKUP_NEO4J_NICE", nice))).rootCause()
                .isInstanceOf(ConfigInvalidException.class).hasMessageContaining("backup.neo4j.nice")
                .hasMessageContaining("0 (the service's own priority) to 19");
    }
}
