package dev.neo4jbackup.alert;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.schedule.SchedulerEvents;

/**
 * Turns run and scheduler events into alerts; the pipeline never calls the mailer. A scheduled run's
 * failure is alerted from the scheduler's event (it knows the next step: the retry or the pause), a
 * manual or safety run's failure from the run's own event.
 */
class RunAlerts {

    private static final Logger log = LoggerFactory.getLogger(RunAlerts.class);

    /** Runs whose failure the scheduler follows up (retry or pause) and so alerts about. */
    private static final Set<Trigger> SCHEDULED = Set.of(Trigger.SCHEDULED, Trigger.RETRY, Trigger.CATCH_UP);

    private final AlertService alerts;
    private final NextStep next;
    private final DiskSpace disk;
    private final List<String> databases;
    private final int pauseAfter;
    private final Supplier<ServiceState> state;
    private final Clock clock;

    RunAlerts(AlertService alerts, NextStep next, DiskSpace disk, List<String> databases, int pauseAfter,
            Supplier<ServiceState> state, Clock clock) {
        this.state = state;
        this.alerts = alerts;
        this.next = next;
        this.disk = disk;
        this.databases = List.copyOf(databases);
        this.pauseAfter = pauseAfter;
        this.clock = clock;
    }

    @EventListener
    void on(BackupEvents.BackupFailed event) {
        if (SCHEDULED.contains(event.trigger())) {
            return; // RetryScheduled or SchedulerPaused follows with the next step
        }
        alerts.raise(failure(event.database(), event.failure(), Severity.WARNING,
                event.trigger().name().toLowerCase() + " backup " + event.id() + " failed; " + next.nextRun(),
                event.at()).withBackupId(event.id()));
    }

    @EventListener
    void on(SchedulerEvents.RetryScheduled event) {
        String nextStep = NextStep.retry(event.nextAttemptAt(), event.consecutiveFailures() + 1, pauseAfter);
        Instant at = clock.instant();
        for (Failed failed : failed(event.report())) {
            alerts.raise(failure(failed.database, failed.failure, Severity.WARNING, nextStep, at)
                    .withBackupId(failed.id));
        }
    }

    @EventListener
    void on(SchedulerEvents.SchedulerPaused event) {
        boolean byScheduler = "scheduler".equals(event.by());
        // an operator's pause is deliberate: worth knowing (no backups are taken), not worth waking anyone
        Severity severity = byScheduler ? Severity.CRITICAL : Severity.WARNING;
        List<Failed> failed = failed(event.report());
        for (String database : failed.isEmpty() ? databases : failed.stream().map(f -> f.database).toList()) {
            BackupFailure last = failed.stream().filter(f -> f.database.equals(database)).map(f -> f.failure)
                    .findFirst().orElse(null);
            String reason = byScheduler ? "The scheduler paused after " + event.consecutiveFailures()
                    + " backup failures in a row; last: " + (last == null ? event.reason() : last.reason())
                    : "Paused by " + event.by() + (event.reason() == null ? "" : ": " + event.reason());
            alerts.raise(new Alert(AlertType.SCHEDULER_PAUSED, severity, database, last == null ? null : last.code(),
                    reason, last == null ? null : last.numbers(),
                    byScheduler ? (last == null ? "" : last.action() + "; then ")
                            + "resume the scheduler: neo4j-backup resume" : "Resume when ready: neo4j-backup resume",
                    NextStep.PAUSED, event.at()));
        }
    }

    @EventListener
    void on(BackupEvents.Neo4jRestartFailed event) {
        alerts.raise(Alert.of(AlertType.NEO4J_RESTART_FAILED, Severity.CRITICAL, IncidentKey.ALL, event.failure(),
                "Neo4j stays down until started by hand; the next run checks it again (" + next.nextRun() + ")",
                event.at()));
    }

    @EventListener
    void on(BackupEvents.Neo4jRecoveredAfterCrash event) {
        String crashed = "A backup run" + (event.crashedRun() == null ? "" : " (" + event.crashedRun() + ")")
                + " stopped Neo4j at " + event.stoppedAt() + " and died before starting it again";
        String ended = event.endedChild() == null ? ""
                : "; the " + event.endedChild() + " it left running was ended first";
        if (event.answered()) {
            alerts.raise(new Alert(AlertType.NEO4J_LEFT_STOPPED, Severity.WARNING, IncidentKey.ALL, null,
                    crashed + ended + "; this start of the service started Neo4j again and it answers", null,
                    "Check why the previous process died (its log, the OOM killer, docker events); the backup it "
                            + "was taking was not published",
                    next.nextRun(), event.at()));
        } else {
            alerts.raise(new Alert(AlertType.NEO4J_RESTART_FAILED, Severity.CRITICAL, IncidentKey.ALL,
                    ErrorCode.NEO4J_RESTART_FAILED, crashed + ended + "; starting it again at this start of the "
                            + "service did not make it answer",
                    null, ErrorCode.NEO4J_RESTART_FAILED.action(), next.nextRun(), event.at()));
        }
    }

    /** After every run: a recovery for each database that succeeds again, then space is checked again. */
    @EventListener
    void on(BackupEvents.RunFinished event) {
        RunReport report = event.report();
        if (report.dryRun()) {
            return;
        }
        Instant at = clock.instant();
        // a run whose backup is good while Neo4j did not come back is no recovery
        if (report.failure() == null) {
            for (BackupOutcome outcome : report.outcomes()) {
                if (outcome.ok()) {
                    alerts.raise(new Alert(AlertType.BACKUP_RECOVERED, Severity.INFO, outcome.database(), null,
                            "Backup " + outcome.id() + " succeeded", null, null, next.nextRun(), at, outcome.id()));
                }
            }
        }
        // after the recovery: an inconsistent logical export stays an open warning until a consistent success
        for (BackupOutcome outcome : report.outcomes()) {
            var m = outcome.manifest();
            if (outcome.ok() && m != null && m.logical() != null && !m.logical().consistent()) {
                alerts.raise(new Alert(AlertType.BACKUP_INCONSISTENT, Severity.WARNING, outcome.database(),
                        ErrorCode.BACKUP_INCONSISTENT, "The logical export " + outcome.id() + " saw writes while it "
                                + "ran; it was kept (backup.logical.require-consistent=false)", m.logical().evidence(),
                        ErrorCode.BACKUP_INCONSISTENT.action(), next.nextRun(), at, outcome.id()));
            }
        }
        // and a backup much smaller than the one before it: kept (backup.anomaly.fail=false), worth a look; its own
        // incident, throttled as one while backups stay small, closed by the first one of the usual size
        for (BackupOutcome outcome : report.outcomes()) {
            var m = outcome.manifest();
            if (outcome.ok() && m != null && m.anomaly() == null) {
                alerts.resolve(AlertType.BACKUP_ANOMALY, outcome.database(), Severity.WARNING, "backup "
                        + outcome.id() + " is not much smaller than the one before it");
            }
            if (outcome.ok() && m != null && m.anomaly() != null) {
                alerts.raise(new Alert(AlertType.BACKUP_ANOMALY, Severity.WARNING, outcome.database(),
                        ErrorCode.BACKUP_ANOMALY, "The backup " + outcome.id() + " is much smaller than "
                                + m.anomaly().previousId() + " (" + String.join(", ", m.anomaly().measures())
                                + "); it was kept and flagged (backup.anomaly.fail=false)", m.anomaly().reason(),
                        ErrorCode.BACKUP_ANOMALY.action(), next.nextRun(), at, outcome.id()));
            }
        }
        boolean refusedForSpace = report.firstFailure().map(f -> f.code() == ErrorCode.BACKUP_NO_SPACE)
                .orElse(false);
        if (!refusedForSpace) {
            checkSpace(at, "after the backup run");
        }
    }

    /** DISK_LOW (WARNING) while free space is under the minimum; closes the incident when it is not. */
    void checkSpace(Instant at, String when) {
        DiskSpace.Reading reading;
        try {
            reading = disk.read();
        } catch (IOException e) {
            log.warn("Cannot read the free space of {}: {}", disk.storage(), e.toString());
            return;
        }
        if (reading.low()) {
            alerts.raise(new Alert(AlertType.DISK_LOW, Severity.WARNING, IncidentKey.ALL, ErrorCode.BACKUP_NO_SPACE,
                    "Free space on " + disk.storage() + " is under backup.disk.min-free-ratio " + when
                            + "; the next backup is refused if it would go lower",
                    reading.numbers(), ErrorCode.BACKUP_NO_SPACE.action() + "; retention may free some",
                    next.nextRun(), at));
        } else {
            alerts.resolve(AlertType.DISK_LOW, IncidentKey.ALL, Severity.WARNING, "free space is back above the minimum: "
                    + reading.numbers());
        }
    }

    /** A failed run's alert; no space is a DISK_LOW incident, CRITICAL because the backup did not happen. */
    private static Alert failure(String database, BackupFailure failure, Severity severity, String nextStep,
            Instant at) {
        if (failure.code() == ErrorCode.BACKUP_NO_SPACE) {
            return Alert.of(AlertType.DISK_LOW, Severity.CRITICAL, database, failure, nextStep, at);
        }
        return Alert.of(AlertType.BACKUP_FAILED, severity, database, failure, nextStep, at);
    }

    private static ErrorCode parse(String code) {
        try {
            return ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return ErrorCode.BACKUP_FAILED;
        }
    }

    /** @param id the backup that failed, or null when the run could not begin */
    private record Failed(String database, BackupFailure failure, String id) {
    }

    private List<Failed> failed(RunReport report) {
        if (report == null) {
            // the run could not begin (storage not writable): the scheduler kept the failure in the state only
            ServiceState current = state.get();
            if (current.lastErrorCode() == null) {
                return List.of();
            }
            ErrorCode code = parse(current.lastErrorCode());
            String reason = current.lastError() != null ? current.lastError() : code.defaultReason();
            return databases.stream().map(d -> new Failed(d, new BackupFailure(code, reason), null)).toList();
        }
        // a database whose backup the shutdown cut short did not fail: the run's real failure is alerted on its own
        return report.outcomes().stream().filter(o -> !o.ok() && o.failure().code() != ErrorCode.SHUTDOWN)
                .map(o -> new Failed(o.database(), o.failure(), o.id())).toList();
    }
}
