package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.domain.Kind;

/** backup.logical.auto.*: the defaults of the issue, and every bad value refused at start with its fix. */
class AutoBackupPropertiesTest {

    @Test
    void defaults() {
        AutoBackupProperties auto = bind(Map.of());
        assertThat(auto.enabled()).isFalse();
        assertThat(auto.schedule()).isEqualTo("*/15 * * * *");
        assertThat(auto.minNewNodes()).isEqualTo(50);
        assertThat(auto.minNewRelationships()).isEqualTo(100);
        assertThat(auto.minGrowthPercent()).isEqualTo(10.0);
        assertThat(auto.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(bind(Map.of("kind", "dump")).kind()).isEqualTo(Kind.DUMP);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "min-new-nodes|-1|min-new-nodes|must not be negative",
            "min-new-relationships|-5|min-new-relationships|must not be negative",
            "min-growth-percent|-0.5|min-growth-percent|must be a percentage of 0 or more",
            "schedule|' '|schedule|no schedule for the auto-backup check"})
    void aBadValueIsRefused(String key, String value, String property, String problem) {
        assertThatThrownBy(() -> bind(Map.of(key, value))).hasRootCauseInstanceOf(ConfigInvalidException.class)
                .rootCause().hasMessageContaining("backup.logical.auto." + property).hasMessageContaining(problem);
    }

    @Test
    void everyRuleOffIsRefusedOnlyWhenEnabled() {
        Map<String, String> off = Map.of("min-new-nodes", "0", "min-new-relationships", "0", "min-growth-percent", "0");
        assertThat(bind(off).enabled()).isFalse();
        Map<String, String> on = new java.util.HashMap<>(off);
        on.put("enabled", "true");
        assertThatThrownBy(() -> bind(on)).rootCause().hasMessageContaining("every threshold is 0");
    }

    private static AutoBackupProperties bind(Map<String, String> values) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((k, v) -> source.put("backup.logical.auto." + k, v));
        return new Binder(source).bindOrCreate("backup.logical.auto", AutoBackupProperties.class);
    }
}
