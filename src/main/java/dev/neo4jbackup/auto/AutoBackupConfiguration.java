package dev.neo4jbackup.auto;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.AutoBackupProperties;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.neo4j.GraphStatsReader;

/**
 * The auto-backup check, always built: {@code create --auto} runs it once whether the schedule is on or not;
 * the schedule package runs it on {@code backup.logical.auto.schedule} when {@code enabled}.
 */
@Configuration(proxyBeanMethods = false)
public class AutoBackupConfiguration {

    @Bean
    AutoBackup autoBackup(AutoBackupProperties auto, BackupProperties properties, GraphStatsReader stats,
            BackupCatalog catalog, StateStore state, BackupRunner runner, ObjectProvider<MeterRegistry> meters) {
        return new AutoBackup(auto, properties.databases(), stats, catalog, state, runner,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
