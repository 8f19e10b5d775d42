package dev.neo4jbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.config.HealthProperties;

class HealthPropertiesTest {

    static HealthProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("backup.health",
                HealthProperties.class);
    }

    @Test
    void theStartupGraceIsAnHourUnlessSet() {
        assertThat(bind(Map.of()).startupGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(bind(Map.of("backup.health.startup-grace", "6h")).startupGrace()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void aZeroGraceIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("backup.health.startup-grace", "0s"))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("backup.health.startup-grace");
    }
}
