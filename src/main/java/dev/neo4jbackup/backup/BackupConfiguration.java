package dev.neo4jbackup.backup;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

import org.neo4j.driver.Driver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.logical.LogicalExporter;
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
            ObjectProvider<RunHooks> hooks, @Qualifier("neo4jResumeExecutor") Executor resumes, Driver driver) {
        BuildProperties info = build.getIfAvailable();
        return new BackupRunner(properties, catalog, lock, state, admin, stats, probe, quiescer, processes, events,
                clock, info != null ? info.getVersion() : "dev", kinds(properties, admin, stats, driver, clock),
                resumes, pruner, hooks.getIfAvailable(() -> RunHooks.NONE));
    }

    /** Every kind a run may make, each built by {@link #kindFor} (for the service, the tests and the bench). */
    public static BackupKinds kinds(BackupProperties properties, Neo4jAdmin admin, GraphStatsReader stats,
            Driver driver, Clock clock) {
        return kind -> kindFor(kind, properties, admin, stats, driver, clock);
    }

    /**
     * {@code backup.kind}, or the kind a request names ({@code create --kind logical}): what a backup is made of; a
     * static method so that tests build what the service runs.
     */
    public static BackupKind kindFor(Kind kind, BackupProperties properties, Neo4jAdmin admin, GraphStatsReader stats,
            Driver driver, Clock clock) {
        return switch (kind) {
            case DUMP -> new DumpKind(admin, properties.neo4j().dumpTimeout(), properties.neo4j().nice());
            case LOGICAL -> new LogicalKind(new LogicalExporter(driver), stats, properties.logical(), clock,
                    properties.encryption().enabled());
        };
    }

    /**
     * Neo4j's start after a dump ({@code neo4j-resume-1}), so that the run is free while Neo4j starts. It must
     * take the start even while the context closes (a SIGTERM during the dump still starts Neo4j again),
     * and the context waits for that start before it goes on closing.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskExecutor neo4jResumeExecutor(BackupProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setThreadNamePrefix("neo4j-resume-");
        executor.setAcceptTasksAfterContextClose(true);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds((int) Math.min(Integer.MAX_VALUE,
                properties.neo4j().startTimeout().toSeconds() + 30));
        return executor;
    }

    /** The same start on a thread of its own, for tools and tests that build a runner without the context. */
    public static Executor resumeThread() {
        return runnable -> new Thread(runnable, "neo4j-resume").start();
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
