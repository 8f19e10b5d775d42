package dev.neo4jbackup.observe;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.HealthProperties;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.restore.RecoveryTracker;
import dev.neo4jbackup.schedule.BackupScheduler;
import dev.neo4jbackup.schedule.CronSchedule;

/**
 * Health ({@code backup}), info and the {@code neo4j_backup_*} meters. Boot's own {@code neo4j} and
 * {@code diskSpace} components and the probe groups are configured in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class ObserveConfiguration {

    /** A listing older than this is re-read: picks up what the CLI did in the same folder. */
    static final Duration CATALOGUE_STALENESS = Duration.ofSeconds(30);

    @Bean
    BackupView backupView(BackupProperties properties, BackupCatalog catalog, StateStore state,
            ObjectProvider<BackupScheduler> scheduler, Clock clock) {
        // the scheduler is absent with backup.scheduler.enabled=false: no next run then
        // only real successes count: COMPLETE or VALIDATED with its archive, never FAILED, CORRUPTED or INVALID
        return new BackupView(properties.databases(), catalog::successes, state::read,
                () -> Optional.ofNullable(scheduler.getIfAvailable()).flatMap(BackupScheduler::nextRun), clock,
                CATALOGUE_STALENESS);
    }

    /** The bean name makes the component {@code backup} in /actuator/health. */
    @Bean
    BackupHealthIndicator backupHealthIndicator(BackupView view, BackupProperties properties,
            HealthProperties health, Clock clock) {
        return new BackupHealthIndicator(view, properties.maxAge(), health.startupGrace(), clock.instant(), clock);
    }

    @Bean
    BackupInfoContributor backupInfoContributor(BackupProperties properties, BackupCatalog catalog,
            CronSchedule schedule, BackupView view, ObjectProvider<BuildProperties> build) {
        BuildProperties info = build.getIfAvailable();
        return new BackupInfoContributor(info != null ? info.getVersion() : "dev", properties, catalog.root(),
                schedule, view);
    }

    /** The bean name makes the component {@code restore} in /actuator/health. */
    @Bean
    RestoreHealthIndicator restoreHealthIndicator(RecoveryTracker tracker) {
        return new RestoreHealthIndicator(tracker::current);
    }

    @Bean
    UntrustedBackupsGauge untrustedBackupsGauge(MeterRegistry registry, BackupCatalog catalog,
            BackupProperties properties, Clock clock) {
        return new UntrustedBackupsGauge(catalog::entries, clock, CATALOGUE_STALENESS).register(registry,
                properties.databases());
    }

    @Bean
    RecoveryStateGauge recoveryStateGauge(MeterRegistry registry, RecoveryTracker tracker,
            BackupProperties properties) {
        return new RecoveryStateGauge(tracker::current, properties.databases()).register(registry);
    }

    @Bean
    OffsiteObservability offsiteObservability(OffsiteCopies copies, MeterRegistry registry,
            Clock clock, BackupProperties properties) {
        return new OffsiteObservability(copies, registry, clock, properties.maxAge()).register();
    }

    /** The bean name makes the component {@code offsite} in /actuator/health: one member per destination. */
    @Bean
    @Conditional(WithDestinations.class)
    CompositeHealthContributor offsite(OffsiteObservability offsite) {
        return CompositeHealthContributor.fromMap(offsite.indicators());
    }

    @Bean
    RestoreMeters restoreMeters(MeterRegistry registry, BackupProperties properties) {
        return new RestoreMeters(registry, properties.databases()).register();
    }

    @Bean
    BackupMeters backupMeters(MeterRegistry registry, BackupView view, BackupCatalog catalog) {
        return new BackupMeters(registry, view, () -> {
            try {
                return FreeSpace.of(catalog.root()).usable();
            } catch (IOException | RuntimeException e) {
                return Double.NaN; // folder missing or unreadable: no number rather than a wrong one
            }
        }).register();
    }
}
