package dev.neo4jbackup.backup;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * At start-up, before any backup: a marker left by a process that died while Neo4j was stopped makes
 * us start Neo4j first and say so; `.staging` debris of a crash is swept.
 */
@Component
class StartupRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final StateStore state;
    private final Quiescer quiescer;
    private final BoltProbe probe;
    private final BackupProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile boolean running;

    /** The stop mode at first use ({@code @Lazy}): a CLI command with no marker to recover needs no NEO4J_HOME. */
    StartupRecovery(BackupCatalog catalog, StorageLock lock, StateStore state, @Lazy Quiescer quiescer, BoltProbe probe,
            BackupProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.catalog = catalog;
        this.lock = lock;
        this.state = state;
        this.quiescer = quiescer;
        this.probe = probe;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        catalog.prepare();
        try (StorageLock.Held held = lock.acquire("start-up recovery")) {
            int swept = catalog.sweepStaging();
            if (swept > 0) {
                log.warn("STAGING_SWEPT: removed {} unfinished item(s) a previous run left in {}/.staging", swept,
                        catalog.root());
            }
            List<java.nio.file.Path> orphans = catalog.orphans();
            if (!orphans.isEmpty()) {
                log.warn("ORPHANS: {} archive file(s) without a manifest (left by a crash while publishing): {}",
                        orphans.size(), orphans);
            }
            ServiceState current = state.read();
            if (current.stoppedByUs() != null) {
                restartNeo4j(current.stoppedByUs());
            }
        } catch (BackupFailure locked) {
            log.info("Start-up recovery skipped: {}", locked.reason());
        }
    }

    private void restartNeo4j(ServiceState.StopMarker marker) {
        log.error("NEO4J_LEFT_STOPPED: a previous run (pid {} on {}) stopped Neo4j at {} and did not start it "
                + "again; starting Neo4j now", marker.pid(), marker.host(), marker.at());
        String database = properties.databases().get(0);
        boolean answered = probe.answers(database);
        if (!answered) {
            try {
                quiescer.resume();
            } catch (BackupFailure e) {
                log.error("CRITICAL: {}: {}", e.code(), e.reason());
            }
            answered = probe.awaitAnswer(database, properties.neo4j().startTimeout());
        }
        if (answered) {
            state.update(s -> s.withStoppedByUs(null));
            log.info("NEO4J_UP: Neo4j answers again after the recovery start");
        } else {
            log.error("CRITICAL: NEO4J_RESTART_FAILED: Neo4j does not answer after the recovery start; start it "
                    + "by hand");
        }
        events.publishEvent(new BackupEvents.Neo4jRecoveredAfterCrash(marker.at(), answered, clock.instant()));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the scheduler (which starts in a later phase). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

}
