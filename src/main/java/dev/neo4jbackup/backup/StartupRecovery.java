package dev.neo4jbackup.backup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
import dev.neo4jbackup.neo4j.ChildProcesses;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * At start-up, before any backup: a marker left by a process that died while Neo4j was stopped makes
 * us end the dump it may have left running, then start Neo4j, and say so; `.staging` debris of a crash
 * is swept (after the dump is ended: it writes there).
 * <p>
 * A SmartLifecycle for its start phase: after the sandbox Neo4j has started (the lowest phase) and before
 * the scheduler's timer plans its first tick and before the drill is scheduled (both once everything has
 * started), so that no run takes the storage lock first and finds Neo4j left stopped. Its stop does nothing.
 */
@Component
class StartupRecovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);
    /** How long a left dump may take to end after SIGTERM (neo4j-admin stops within a second or two). */
    static final Duration CHILD_GRACE = Duration.ofSeconds(10);

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
            ExportMarker.read(catalog.root()).ifPresent(this::recordInterruptedExport);
            ServiceState.StopMarker marker = state.read().stoppedByUs();
            if (marker != null) {
                log.warn("NEO4J_LEFT_STOPPED: Neo4j was left stopped by a crashed run (pid {} on {}, stopped at {}); "
                        + "starting it again", marker.pid(), marker.host(), marker.at());
            }
            Optional<String> ended = marker == null ? Optional.empty() : endLeftChild(marker);
            if (ended.isPresent() && ended.get().isEmpty()) {
                return; // it could not be ended: starting Neo4j on a store it writes is not safe
            }
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
            if (marker != null) {
                restartNeo4j(marker, ended.orElse(null));
            }
        } catch (BackupFailure locked) {
            log.info("Start-up recovery skipped: {}", locked.reason());
        }
    }

    /**
     * Ends the dump a killed run left running on the stopped store (it would hold the store lock, so
     * Neo4j would not start, and its half dump sits in .staging). Empty when there was none; an empty
     * text when it could not be ended.
     */
    private Optional<String> endLeftChild(ServiceState.StopMarker marker) {
        ServiceState.Child child = marker.child();
        if (child == null) {
            return Optional.empty();
        }
        String what = child.command() + " (pid " + child.pid() + ")";
        ChildProcesses.Ending ending = ChildProcesses.end(child.pid(), child.startTicks(), CHILD_GRACE);
        switch (ending) {
            case NOT_RUNNING -> {
                return Optional.empty();
            }
            case PID_REUSED -> {
                log.info("The {} of the crashed run has ended; pid {} is another process now and is left alone",
                        child.command(), child.pid());
                return Optional.empty();
            }
            case TERMINATED, KILLED -> {
                log.warn("ORPHAN_ENDED: the {} that the crashed run left running was ended ({}) before Neo4j is "
                        + "started", what, ending == ChildProcesses.Ending.KILLED
                                ? "SIGKILL after " + CHILD_GRACE.toSeconds() + " s" : "SIGTERM");
                return Optional.of(what);
            }
            default -> {
                log.error("CRITICAL: NEO4J_RESTART_FAILED: the {} that the crashed run left running on the stopped "
                        + "store does not end even after SIGKILL; Neo4j is not started on that store. End it by "
                        + "hand (kill -9 {}), then restart this service", what, child.pid());
                events.publishEvent(new BackupEvents.Neo4jRecoveredAfterCrash(marker.at(), false, clock.instant(),
                        crashedRun(marker), null));
                return Optional.of("");
            }
        }
    }

    /**
     * A logical export whose process died (its marker left, the lock free): the run is recorded as the failure it
     * was, with its code, the alert and the count a failed run gets; its debris goes with the staging sweep.
     */
    private void recordInterruptedExport(ExportMarker marker) {
        java.time.Instant now = clock.instant();
        BackupFailure failure = new BackupFailure(dev.neo4jbackup.error.ErrorCode.BACKUP_INTERRUPTED, "The logical "
                + "export " + marker.id() + " of " + marker.database() + " (pid " + marker.pid() + " on "
                + marker.host() + ", started " + marker.startedAt() + ") did not finish: its process died; nothing was "
                + "published", null, dev.neo4jbackup.error.ErrorCode.BACKUP_INTERRUPTED.action(), null);
        BackupRunner.logFailure(marker.id(), failure);
        dev.neo4jbackup.domain.Trigger trigger;
        try {
            trigger = dev.neo4jbackup.domain.Trigger.valueOf(marker.trigger());
        } catch (RuntimeException e) {
            trigger = dev.neo4jbackup.domain.Trigger.MANUAL;
        }
        state.update(s -> s.withFailure(now, marker.id(), failure.code().name(), failure.reason()));
        events.publishEvent(new BackupEvents.BackupFailed(marker.id(), marker.database(), trigger, failure, now));
        ExportMarker.clear(catalog.root());
    }

    private static String crashedRun(ServiceState.StopMarker marker) {
        return "pid " + marker.pid() + " on " + marker.host();
    }

    private void restartNeo4j(ServiceState.StopMarker marker, String endedChild) {
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
            log.info("NEO4J_UP: Neo4j was left stopped by a crashed run; started again and it answers");
        } else {
            log.error("CRITICAL: NEO4J_RESTART_FAILED: Neo4j does not answer after the recovery start; start it "
                    + "by hand");
        }
        events.publishEvent(new BackupEvents.Neo4jRecoveredAfterCrash(marker.at(), answered, clock.instant(),
                crashedRun(marker), endedChild));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Right after the sandbox, before the scheduler's timer (which starts in the last phase). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

}
