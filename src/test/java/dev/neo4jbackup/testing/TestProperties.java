package dev.neo4jbackup.testing;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.config.BackupProperties;

/** Binds {@code backup.*} the way the service does (defaults, validation), from a plain map. */
public final class TestProperties {

    private TestProperties() {
    }

    /** @param values property names without the {@code backup.} prefix, e.g. {@code retry.pause-after} */
    public static BackupProperties bind(Map<String, String> values) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((k, v) -> source.put("backup." + k, v));
        return new Binder(source).bindOrCreate("backup", BackupProperties.class);
    }
}
