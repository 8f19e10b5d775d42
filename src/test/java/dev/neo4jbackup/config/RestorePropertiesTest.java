package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

import dev.neo4jbackup.testing.TestProperties;

/** backup.verify, backup.restore.targets and backup.drill: defaults, binding, and one-line refusals. */
class RestorePropertiesTest {

    static BackupProperties bind(Map<String, String> values) {
        return TestProperties.bind(values);
    }

    static ConfigInvalidException refused(Map<String, String> values) {
        try {
            bind(values);
        } catch (BindException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof ConfigInvalidException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                return (ConfigInvalidException) cause;
            }
            throw e;
        }
        throw new AssertionError("accepted: " + values);
    }

    @Test
    void defaultsAreChecksumNoTargetsAndNoDrill() {
        BackupProperties p = bind(Map.of());
        assertThat(p.verify().mode()).isEqualTo(VerifyMode.CHECKSUM);
        assertThat(p.restore().targets()).isEmpty();
        assertThat(p.restore().indexTimeout()).hasMinutes(5);
        assertThat(p.drill().enabled()).isFalse();
    }

    @Test
    void aTargetAndADrillBind() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("verify.mode", "consistency");
        values.put("restore.targets.test.home", "/opt/neo4j-test");
        values.put("restore.targets.test.uri", "bolt://test-neo4j:7687");
        values.put("restore.targets.test.password", "secret");
        values.put("drill.schedule", "0 4 * * 0");
        values.put("drill.target", "test");
        BackupProperties p = bind(values);
        assertThat(p.verify().mode()).isEqualTo(VerifyMode.CONSISTENCY);
        BackupProperties.Target test = p.restore().targets().get("test");
        assertThat(test.home()).isEqualTo(Path.of("/opt/neo4j-test"));
        assertThat(test.username()).isEqualTo("neo4j");
        assertThat(test.stopMode()).isEqualTo(StopMode.COMMAND);
        assertThat(test.stopCommand()).isEqualTo("bin/neo4j stop");
        assertThat(p.drill().enabled()).isTrue();
    }

    @Test
    void badTargetsAndDrillsAreRefusedNamingTheProperty() {
        assertThat(refused(Map.of("restore.targets.test.home", "/opt/n")).getMessage())
                .startsWith("CONFIG_INVALID: backup.restore.targets.test.uri").contains("not a Bolt address");
        assertThat(refused(Map.of("restore.targets.test.uri", "bolt://x:7687")).property())
                .isEqualTo("backup.restore.targets.test.home");
        assertThat(refused(Map.of("restore.targets.primary.home", "/opt/n", "restore.targets.primary.uri",
                "bolt://x:7687")).property()).isEqualTo("backup.restore.targets.primary");
        ConfigInvalidException drill = refused(Map.of("drill.schedule", "@weekly"));
        assertThat(drill.property()).isEqualTo("backup.drill.target");
        assertThat(drill.getMessage()).contains("never restores into the primary");
        assertThatThrownBy(() -> bind(Map.of("verify.mode", "paranoid"))).isInstanceOf(BindException.class);
    }
}
