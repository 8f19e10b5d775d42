package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;

import dev.neo4jbackup.testing.TestProperties;

/** backup.anomaly.*: on by default at half, flag-only; a threshold must be a share strictly between 0 and 1. */
class AnomalyPropertiesTest {

    @Test
    void onByDefaultAtHalfAndOnlyFlagged() {
        AnomalyProperties anomaly = TestProperties.bind(Map.of()).anomaly();
        assertThat(anomaly.enabled()).isTrue();
        assertThat(anomaly.threshold()).isEqualTo(0.5);
        assertThat(anomaly.fail()).isFalse();

        AnomalyProperties set = TestProperties.bind(Map.of("anomaly.threshold", "0.8", "anomaly.fail", "true"))
                .anomaly();
        assertThat(set.threshold()).isEqualTo(0.8);
        assertThat(set.fail()).isTrue();
        assertThat(KnownProperties.get().problem(org.springframework.boot.context.properties.source
                .ConfigurationPropertyName.of("backup.anomaly.threshold"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "1", "1.5", "-0.1", "50" })
    void aThresholdOutsideZeroToOneIsRefusedWithTheProperty(String value) {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("anomaly.threshold", value)))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(ConfigInvalidException.class)
                .hasMessageContaining("CONFIG_INVALID: backup.anomaly.threshold (BACKUP_ANOMALY_THRESHOLD)")
                .hasMessageContaining("must be a share between 0 and 1");
    }
}
