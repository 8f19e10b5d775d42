package dev.neo4jbackup.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backup.health.*}: how the {@code backup} health component judges "no backup yet".
 *
 * @param startupGrace after start-up, how long the service may run without any successful backup before
 *                     the component turns DOWN. One hour covers the catch-up run that starts at once on a
 *                     fresh install (backup.catch-up=true) for most stores; raise it for very large stores or
 *                     when catch-up is off and the first scheduled run is far away.
 */
@ConfigurationProperties("backup.health")
public record HealthProperties(@DefaultValue("1h") Duration startupGrace) {

    public HealthProperties {
        BackupProperties.requirePositive("backup.health.startup-grace", startupGrace);
    }
}
