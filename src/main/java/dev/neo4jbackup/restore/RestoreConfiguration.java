package dev.neo4jbackup.restore;

import java.time.Clock;

import org.neo4j.driver.Driver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.StateStopMarkers;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.crypt.Encryption;
import dev.neo4jbackup.logical.ImportBudget;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;

/** The restore, its validator, targets, checks and state machine, and the drill (its schedule is the scheduler's). */
@Configuration(proxyBeanMethods = false)
class RestoreConfiguration {

    @Bean
    RecoveryTracker recoveryTracker(BackupCatalog catalog, Clock clock) {
        return new RecoveryTracker(catalog.root(), clock);
    }

    @Bean
    BackupValidator backupValidator(BackupCatalog catalog, StorageLock lock, Neo4jAdmin admin, Clock clock,
            BackupProperties properties, ProcessRunner processes) {
        Encryption encryption = Encryption.of(properties.encryption(), processes.childEnvironment());
        encryption.identityExposed().ifPresent(warning -> org.slf4j.LoggerFactory.getLogger(
                RestoreConfiguration.class).warn("ENCRYPTION_IDENTITY_EXPOSED: {}", warning));
        return new BackupValidator(catalog, lock, admin, clock, properties.neo4j().dumpTimeout(),
                encryption.opener().orElse(null));
    }

    /**
     * The stop mode at first use ({@code @Lazy}), as for the backup runner: the interrupted-restore check starts with
     * every CLI command, and one that stops nothing (list, status) must not need NEO4J_HOME.
     */
    @Bean
    RestoreTargets restoreTargets(BackupProperties properties, Neo4jAdmin admin, @Lazy Quiescer quiescer, Driver driver,
            ProcessRunner processes) {
        return new RestoreTargets(new RestoreTarget(BackupProperties.Restore.PRIMARY, true, admin, quiescer, driver),
                properties, processes);
    }

    @Bean
    Restorer restorer(BackupCatalog catalog, StorageLock lock, StateStore state, BackupValidator validator,
            BackupRunner runner, RestoreTargets targets, RecoveryTracker tracker, ApplicationEventPublisher events,
            Clock clock, BackupProperties properties, ObjectProvider<RestoreHooks> hooks) {
        Restorer restorer = new Restorer(catalog, lock, new StateStopMarkers(state), validator, runner, targets,
                new RestoreChecks(properties.restore().indexTimeout()), tracker, events, clock,
                properties.neo4j().dumpTimeout(), properties.neo4j().startTimeout(),
                hooks.getIfAvailable(() -> RestoreHooks.NONE));
        restorer.logicalWith(new ImportBudget(properties.logical().batchSize(),
                properties.logical().batchBytes().toBytes()), (int) properties.logical().maxLineBytes().toBytes());
        return restorer;
    }

    /** {@code restore --file}: an external logical file through the same stages. */
    @Bean
    FileRestore fileRestore(BackupCatalog catalog, StorageLock lock, BackupRunner runner, Restorer restorer,
            RestoreTargets targets, RecoveryTracker tracker, BackupProperties properties, Clock clock) {
        return new FileRestore(catalog, lock, runner, restorer, targets, new RestoreChecks(properties.restore()
                .indexTimeout()), tracker, clock);
    }

    /** A restore whose process died is finished at the next start, of the service and of every CLI command. */
    @Bean
    InterruptedRestores interruptedRestores(BackupCatalog catalog, StorageLock lock, RecoveryTracker tracker,
            RestoreTargets targets, Restorer restorer, BackupProperties properties, ApplicationEventPublisher events,
            Clock clock) {
        return new InterruptedRestores(catalog.root(), lock, tracker, targets, restorer,
                properties.restore().onInterrupt(), events, clock);
    }

    /**
     * SIGTERM during a restore: its import stops before its next write and the restore ends (its marker kept for the
     * next start) within the 30 s a container gets; stopped with the backup run's guard, before the web server.
     */
    @Bean
    SmartLifecycle restoreShutdownGuard(Restorer restorer) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                restorer.shutdown(java.time.Duration.ofSeconds(20));
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 1;
            }
        };
    }

    /** The service only (the CLI turns the scheduler off), and only with a file configured. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
            "'${backup.scheduler.enabled:true}' != 'false' and '${backup.initial-restore:}'.trim() != ''")
    InitialRestore initialRestore(BackupProperties properties, StateStore state, BackupCatalog catalog,
            StorageLock lock, dev.neo4jbackup.neo4j.GraphStatsReader stats, dev.neo4jbackup.neo4j.BoltProbe probe,
            Restorer restorer, ApplicationEventPublisher events,
            Clock clock) {
        return new InitialRestore(properties.initialRestore(), properties.databases().get(0), state, catalog, lock,
                stats, probe, restorer, events, clock, properties.neo4j().startTimeout());
    }

    @Bean
    RestoreDrill restoreDrill(Restorer restorer, BackupCatalog catalog, BackupProperties properties) {
        return new RestoreDrill(restorer, catalog, properties.databases(), properties.drill().target());
    }
}
