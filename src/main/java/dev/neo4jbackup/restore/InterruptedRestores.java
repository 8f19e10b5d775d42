package dev.neo4jbackup.restore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.LogicalImporter;

/**
 * At every start (the service, and every CLI command): a restore whose process died finishes here. An import
 * marker ({@link ImportMarker}) whose storage lock is free means a logical import was cut short: RESTORE_INTERRUPTED
 * (logged, alerted) with what it had written; the safety backup is loaded back ({@code backup.restore.on-interrupt
 * =rollback}, the default) or the database is left as it is ({@code leave}, or no safety backup), the temporary
 * label and indexes removed either way; the recovery state ends RECOVERY_FAILED with what was done. A recovery state
 * left RECOVERING or VALIDATION with nobody holding the lock (a dump restore killed mid-load) ends RECOVERY_FAILED
 * too: never "in progress" with nobody working.
 * <p>
 * Its start phase comes after the crash recovery of runs ({@code backup.StartupRecovery}: Neo4j is started again
 * first when a crash left it stopped) and before the scheduler's first tick.
 */
final class InterruptedRestores implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InterruptedRestores.class);

    private final Path storage;
    private final StorageLock lock;
    private final RecoveryTracker tracker;
    private final RestoreTargets targets;
    private final Restorer restorer;
    private final BackupProperties.Restore.OnInterrupt onInterrupt;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile boolean running;

    InterruptedRestores(Path storage, StorageLock lock, RecoveryTracker tracker, RestoreTargets targets,
            Restorer restorer, BackupProperties.Restore.OnInterrupt onInterrupt, ApplicationEventPublisher events,
            Clock clock) {
        this.storage = storage;
        this.lock = lock;
        this.tracker = tracker;
        this.targets = targets;
        this.restorer = restorer;
        this.onInterrupt = onInterrupt;
        this.events = events;
        this.clock = clock;
    }

    /** What the start-up did, for the log, the state and the tests. */
    record Finished(String backupId, String database, String outcome, boolean rolledBack) {
    }

    @Override
    public void start() {
        running = true;
        try {
            finish();
        } catch (RuntimeException e) {
            // never a failed start: the state and the alert say what could not be done
            log.error("RESTORE_INTERRUPTED: the start-up could not finish an interrupted restore: {}", e.toString());
        }
    }

    Optional<Finished> finish() {
        Optional<ImportMarker> marker = ImportMarker.read(storage);
        RecoveryStatus status = tracker.current();
        boolean inProgress = status.state() == RecoveryState.RECOVERING || status.state() == RecoveryState.VALIDATION;
        if (marker.isEmpty() && !inProgress) {
            return Optional.empty();
        }
        try (StorageLock.Held held = lock.acquire("start-up: an interrupted restore")) {
            // free: whoever wrote the marker or the state is gone (the OS drops the lock of a dead process)
        } catch (BackupFailure locked) {
            log.info("An import marker or a restore in progress was found, and {}: left to it", locked.reason());
            return Optional.empty();
        }
        return Optional.of(marker.isPresent() ? finishImport(marker.get()) : finishState(status));
    }

    private Finished finishImport(ImportMarker marker) {
        log.error("RESTORE_INTERRUPTED: {} did not finish: its process died", marker.describe());
        RestoreTarget target = targets.get(marker.target());
        long written = LogicalImporter.removeTemporaries(target.driver(), marker.database());
        String wrote = written >= 0 ? written + " nodes carried the import's temporary label (removed, and its indexes "
                + "dropped)" : "the import's temporary label could not be counted nor removed (see above)";
        String outcome;
        boolean rolledBack = false;
        if (onInterrupt == BackupProperties.Restore.OnInterrupt.ROLLBACK && marker.safetyBackupId() != null) {
            log.warn("RESTORE_ROLLBACK: loading the safety backup {} back into {} on {} "
                    + "(backup.restore.on-interrupt=rollback)", marker.safetyBackupId(), marker.database(),
                    marker.target());
            try {
                restorer.restore(new RestoreRequest(marker.safetyBackupId(), marker.database(), marker.target(), false,
                        false, false, LogicalImporter.Mode.CLEAR_FIRST, false), Confirmer.YES);
                outcome = "rolled back: " + marker.database() + " holds the safety backup " + marker.safetyBackupId()
                        + " again (its checks passed)";
                rolledBack = true;
            } catch (BackupFailure failed) {
                outcome = "the rollback to the safety backup " + marker.safetyBackupId() + " failed: " + failed.code()
                        + ": " + failed.reason() + "; restore it by hand now: neo4j-backup restore "
                        + marker.safetyBackupId() + " --no-safety-backup --yes";
            }
        } else {
            outcome = "left as the import left it (" + (marker.safetyBackupId() == null ? "no safety backup"
                    : "backup.restore.on-interrupt=leave") + "): " + marker.database() + " holds a partial import"
                    + (marker.safetyBackupId() != null ? "; the safety backup is " + marker.safetyBackupId()
                            + " (neo4j-backup restore " + marker.safetyBackupId() + " --no-safety-backup --yes)"
                            : "; restore a complete backup");
        }
        ImportMarker.clear(storage);
        String message = "interrupted: " + marker.describe() + " died; " + wrote + "; " + outcome;
        tracker.enter(RecoveryState.RECOVERY_FAILED, marker.backupId(), marker.database(), marker.target(), message,
                marker.safetyBackupId());
        alert(marker.backupId(), marker.database(), marker.target(), "The " + marker.mode() + " import of "
                + marker.backupId() + " into " + marker.database() + " was interrupted (its process, pid "
                + marker.pid() + " on " + marker.host() + ", died)", wrote, outcome);
        log.warn("RESTORE_INTERRUPTED: {}", message);
        return new Finished(marker.backupId(), marker.database(), outcome, rolledBack);
    }

    private Finished finishState(RecoveryStatus status) {
        String outcome = "the process that ran it died during: " + status.message() + "; check " + status.database()
                + " on " + status.target() + (status.safetyBackupId() != null ? " (its safety backup is "
                        + status.safetyBackupId() + ")" : "");
        log.error("RESTORE_INTERRUPTED: the restore of {} into {} on {} did not finish: {}", status.backupId(),
                status.database(), status.target(), outcome);
        tracker.enter(RecoveryState.RECOVERY_FAILED, status.backupId(), status.database(), status.target(),
                "interrupted: " + outcome, status.safetyBackupId());
        alert(status.backupId(), status.database(), status.target(), "The restore of " + status.backupId()
                + " was interrupted (its process died)", null, outcome);
        return new Finished(status.backupId(), status.database(), outcome, false);
    }

    private void alert(String id, String database, String target, String reason, String numbers, String outcome) {
        events.publishEvent(new RestoreEvents.RestoreFailed(id, database, target, new BackupFailure(
                ErrorCode.RESTORE_INTERRUPTED, reason, numbers, ErrorCode.RESTORE_INTERRUPTED.action(), null), outcome,
                clock.instant()));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the run's crash recovery ({@code Integer.MIN_VALUE + 1000}), before the scheduler. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1100;
    }
}
