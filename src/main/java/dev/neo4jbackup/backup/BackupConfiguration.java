package dev.neo4jbackup.backup;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;

/** Wires the parts of a backup run from the configuration. */
@Configuration(proxyBeanMethods = false)
public class BackupConfiguration {

    /**
     * The stop mode at first use ({@code @Lazy}): the shutdown guard starts with the CLI, and a command that
     * stops nothing (list, status, delete) must not need NEO4J_HOME for the stop commands.
     */
    @Bean(destroyMethod = "")
    BackupRunner backupRunner(BackupProperties properties, BackupCatalog catalog, StorageLock lock, StateStore state,
            Neo4jAdmin admin, GraphStatsReader stats, BoltProbe probe, @Lazy Quiescer quiescer, ProcessRunner processes,
            ApplicationEventPublisher events, Clock clock, ObjectProvider<BuildProperties> build, Pruner pruner,
            ObjectProvider<RunHooks> hooks) {
        BuildProperties info = build.getIfAvailable();
        BackupRunner runner = new BackupRunner(properties, catalog, lock, state, admin, stats, probe, quiescer,
                processes, events, clock, info != null ? info.getVersion() : "dev");
        runner.retainWith(pruner);
        runner.hookWith(hooks.getIfAvailable(() -> RunHooks.NONE));
        return runner;
    }

    /** A backup's expiry date follows the schedule's future runs, which the schedule provides as {@link NextRuns}. */
    @Bean
    Pruner pruner(BackupProperties properties, BackupCatalog catalog, ApplicationEventPublisher events, Clock clock,
            NextRuns schedule) {
        return new Pruner(properties, catalog, events, clock, after -> schedule.nextAfter(after).orElse(null));
    }

    @Bean
    BackupOperations backupOperations(BackupProperties properties, BackupCatalog catalog, StorageLock lock,
            StateStore state, Pruner pruner, Clock clock) {
        return new BackupOperations(properties, catalog, lock, state, pruner, clock);
    }

    @Bean
    ShutdownGuard shutdownGuard(BackupRunner runner, BackupProperties properties) {
        return new ShutdownGuard(runner, properties.neo4j().startTimeout().plus(Duration.ofSeconds(30)));
    }
}
