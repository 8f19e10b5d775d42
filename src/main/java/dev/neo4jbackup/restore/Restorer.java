package dev.neo4jbackup.restore;

import static dev.neo4jbackup.format.Durations.seconds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.logical.ImportBudget;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.logical.LogicalProof;
import dev.neo4jbackup.neo4j.DowntimeWindow;
import dev.neo4jbackup.neo4j.StopMarkers;

/**
 * A restore, step by step, under the storage lock (no backup run or prune in between):
 * <ol>
 * <li>validate: checksum, archive read to the end (the dump extracted once, for the load), header. A
 * corrupt archive is refused before anything is touched;</li>
 * <li>confirm (the primary only: a target is a scratch instance);</li>
 * <li>a dump, with a safety backup (the primary, unless the operator opts out): ONE stop window, stop, safety
 * dump of the current database, {@code neo4j-admin database load --overwrite-destination}, start (ALWAYS),
 * wait for Bolt ({@link LoadAfterSafetyDump}); without one: stop, load, start;</li>
 * <li>a logical backup: its safety backup is a logical export, the import runs over Bolt (no stop);</li>
 * <li>health checks against the manifest ({@link RestoreChecks});</li>
 * <li>a failed check or load: the safety backup is loaded back and checked, RESTORE_HEALTH_FAILED.</li>
 * </ol>
 * Every step moves the recovery state machine ({@link RecoveryTracker}).
 */
public class Restorer {

    private static final Logger log = LoggerFactory.getLogger(Restorer.class);

    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final StopMarkers markers;
    private final BackupValidator validator;
    private final BackupRunner runner;
    private final RestoreTargets targets;
    private final RestoreChecks checks;
    private final RecoveryTracker tracker;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration loadTimeout;
    private final Duration startTimeout;
    private final RestoreHooks hooks;
    private final RestoreGate gate = new RestoreGate();
    private LogicalRestoreStage logical;

    public Restorer(BackupCatalog catalog, StorageLock lock, StopMarkers markers, BackupValidator validator,
            BackupRunner runner, RestoreTargets targets, RestoreChecks checks, RecoveryTracker tracker,
            ApplicationEventPublisher events, Clock clock, Duration loadTimeout, Duration startTimeout,
            RestoreHooks hooks) {
        this.catalog = catalog;
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.lock = lock;
        this.markers = markers;
        this.validator = validator;
        this.runner = runner;
        this.targets = targets;
        this.checks = checks;
        this.tracker = tracker;
        this.events = events;
        this.clock = clock;
        this.loadTimeout = loadTimeout;
        this.startTimeout = startTimeout;
        this.logical = new LogicalRestoreStage(catalog.root(), ImportBudget.ofRows(5000),
                LogicalProof.DEFAULT_MAX_LINE_BYTES, gate, clock);
    }

    /** The logical stages as configured, for the restore of an external file ({@link FileRestore}). */
    LogicalRestoreStage logicalStage() {
        return logical;
    }

    /** The restore events of a restore this class did not run ({@link FileRestore}): the same alerts and metrics. */
    void publish(Object event) {
        tell(event);
    }

    /**
     * An event for the alerts and metrics, which never changes what the restore did or how it ended: a listener
     * that fails (e.g. a meter the context can no longer create because SIGTERM is closing it) is logged.
     */
    private void tell(Object event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.warn("RESTORE_EVENT_LOST: {} was not told to the alerts and metrics: {}", event.getClass()
                    .getSimpleName(), e.toString());
        }
    }

    <T> T during(Supplier<T> restore) {
        return gate.during(restore);
    }

    /** SIGTERM: the import in progress stops before its next write, and this waits for the restore to end. */
    public void shutdown(Duration wait) {
        gate.close(wait);
    }

    public RecoveryTracker tracker() {
        return tracker;
    }

    /**
     * Throws BACKUP_NOT_FOUND, BACKUP_CORRUPTED (nothing touched), BACKUP_LOCKED, CONFIG_INVALID (unknown
     * target), CONFIRMATION_REQUIRED (from the confirmer), RESTORE_HEALTH_FAILED (rolled back), or the
     * failure of the safety backup or of neo4j-admin.
     */
    public RestoreResult restore(RestoreRequest request, Confirmer confirmer) {
        return restore(request, confirmer, RestoreProgress.NONE);
    }

    /** {@link #restore(RestoreRequest, Confirmer)} that tells {@code progress} each stage as it starts. */
    public RestoreResult restore(RestoreRequest request, Confirmer confirmer, RestoreProgress progress) {
        return run(request, confirmer, progress, BackupValidator.BY_RESTORE);
    }

    /** A restore drill's restore: a corruption it finds is recorded as found by the drill. */
    public RestoreResult drill(RestoreRequest request) {
        return run(request, Confirmer.YES, RestoreProgress.NONE, BackupValidator.BY_DRILL);
    }

    /** One restore or drill, told once at its end to the metrics (RestoreFinished); a dry run is none. */
    private RestoreResult run(RestoreRequest request, Confirmer confirmer, RestoreProgress progress, String by) {
        if (request.dryRun()) {
            return attempt(request, confirmer, progress, by);
        }
        String kind = BackupValidator.BY_DRILL.equals(by) ? RestoreEvents.RestoreFinished.DRILL
                : RestoreEvents.RestoreFinished.RESTORE;
        try {
            RestoreResult result = attempt(request, confirmer, progress, by);
            RestoreResult last = result.promoted() != null ? result.promoted() : result;
            tell(new RestoreEvents.RestoreFinished(result.id(), last.database(), last.target(), kind,
                    null, last.outcome() == RestoreResult.Outcome.CANCELLED, last.downtime(), clock.instant()));
            return result;
        } catch (RuntimeException e) {
            String database = request.database() != null ? request.database() : BackupId
                    .tryParse(request.id()).map(BackupId::database).orElse("unknown");
            tell(new RestoreEvents.RestoreFinished(request.id(), database, request.target(), kind,
                    e instanceof BackupFailure f ? f : BackupFailure.of(ErrorCode.BACKUP_FAILED, e.toString(), e),
                    false, Duration.ZERO, clock.instant()));
            throw e;
        }
    }

    private RestoreResult attempt(RestoreRequest request, Confirmer confirmer, RestoreProgress progress, String by) {
        long t0 = System.nanoTime();
        Manifest manifest = catalog.require(request.id());
        String database = request.database() != null ? request.database() : manifest.database();
        RestoreTarget target = targets.get(request.target());
        if (request.dryRun()) {
            return dryRun(request, manifest, database, target, new StageLines(progress, t0));
        }
        catalog.prepare();
        return gate.during(() -> runLocked(request, confirmer, progress, by, manifest, database, target, t0));
    }

    private RestoreResult runLocked(RestoreRequest request, Confirmer confirmer, RestoreProgress progress, String by,
            Manifest manifest, String database, RestoreTarget target, long t0) {
        try (StorageLock.Held held = lock.acquire("restore " + request.id() + " into " + database + " on "
                + target.name())) {
            LogicalImporter.Mode mode = modeFor(manifest, request);
            TrustOverride trust = TrustOverride.of(request.trustUnsigned());
            RestoreResult result = guarded(target, manifest, database, () -> restoreInto(target, manifest, database,
                    request.safetyBackup() && target.primary(), target.primary() ? confirmer : Confirmer.YES, held,
                    new StageLines(progress, t0), by, mode, trust));
            if (request.promote() && result.outcome() == RestoreResult.Outcome.RESTORED) {
                log.info("PROMOTE: {} passed its checks on {}; restoring it into the primary", request.id(),
                        target.name());
                RestoreTarget primary = targets.get(null);
                RestoreResult promoted = guarded(primary, manifest, database, () -> restoreInto(primary, manifest,
                        database, request.safetyBackup(), confirmer, held, new StageLines(progress, t0), by, mode,
                        trust == TrustOverride.NONE ? trust : TrustOverride.ACCEPTED));
                return result.withPromoted(promoted);
            }
            return result;
        }
    }

    /** An unexpected error (a full disk while extracting) must not leave the state machine in RECOVERING. */
    private RestoreResult guarded(RestoreTarget target, Manifest manifest, String database,
            Supplier<RestoreResult> restore) {
        try {
            return restore.get();
        } catch (BackupFailure handled) {
            throw handled;
        } catch (RuntimeException | Error unexpected) { // an OutOfMemoryError must not leave RECOVERING behind
            RecoveryStatus now = tracker.current();
            throw failed(manifest.id(), database, target, BackupFailure.of(ErrorCode.BACKUP_FAILED,
                    "The restore stopped on an unexpected error: " + unexpected, unexpected),
                    now.safetyBackupId(), "check the log; " + database + " on " + target.name()
                            + " may need a restore by hand");
        }
    }

    /** A dump is loaded whole; {@code --mode merge} of a dump is refused before anything is touched. */
    private static LogicalImporter.Mode modeFor(Manifest manifest, RestoreRequest request) {
        if (!manifest.logicalExport()) {
            if (request.mode() == LogicalImporter.Mode.MERGE) {
                throw new BackupFailure(ErrorCode.CONFIG_INVALID, manifest.id() + " is a dump: it is loaded whole "
                        + "(--mode merge is for logical backups)", null, "Restore it without --mode, or restore a "
                        + "logical backup (create --kind logical) with --mode merge", null);
            }
            return null;
        }
        return request.mode() == null ? LogicalImporter.Mode.CLEAR_FIRST : request.mode();
    }


    /** The import's batches by rows and bytes, and the longest line a restore reads ({@code backup.logical.*}). */
    public void logicalWith(ImportBudget budget, int maxLineBytes) {
        this.logical = logical.withLimits(budget, maxLineBytes);
    }

    private RestoreResult restoreInto(RestoreTarget target, Manifest manifest, String database, boolean safety,
            Confirmer confirmer, StorageLock.Held held, StageLines lines, String by, LogicalImporter.Mode mode,
            TrustOverride trust) {
        String id = manifest.id();
        long t0 = System.nanoTime();
        log.info("RESTORE_START: {} into database {} on {}", id, database, target.name());
        tracker.enter(RecoveryState.RECOVERING, id, database, target.name(), "validating the backup", null);
        BackupValidator.Prepared prepared;
        LogicalProof.Proven proven = null;
        RestoreVersionRule.Verdict versions;
        try {
            // a backup this service did not sign: refused first, before the hook, the safety backup or any stop
            catalog.requireTrusted(id, trust, by);
            // a dump of a newer Neo4j than the target's: refused here, before the safety backup's or the load's stop
            versions = RestoreVersionRule.require(manifest, target);
            hooks.beforeRestore(id, database, target.name()); // may refuse: HOOK_FAILED, nothing touched
            if (safety && runner.encrypts() && !validator.opensEncrypted()) {
                // the safety backup would be encrypted, and a rollback could not read it back
                throw new BackupFailure(ErrorCode.ENCRYPTION_KEY_MISSING, "The safety backup of " + database
                        + " would be encrypted (backup.encryption.recipients) and backup.encryption.identity-file is "
                        + "not set, so a rollback could not load it; nothing was touched", null, ErrorCode
                                .ENCRYPTION_KEY_MISSING.action() + ", or restore with --no-safety-backup", null);
            }
            lines.add("Validating backup integrity...");
            prepared = validator.prepare(id, false, held, by, trust == TrustOverride.NONE ? trust
                    : TrustOverride.ACCEPTED);
            if (manifest.logicalExport()) {
                try {
                    // proof before destruction: the whole file read once, before the confirmation and the safety backup
                    proven = logical.prove(jsonlOf(prepared), id, lines::add);
                } catch (RuntimeException refused) {
                    prepared.close();
                    throw refused;
                }
            }
        } catch (BackupFailure refused) {
            throw failed(id, database, target, refused, null, "the restore was refused before anything was "
                    + "touched; " + target.name() + " keeps its data");
        }
        ImportRun run = new ImportRun();
        try (prepared) {
            return restoreValidated(target, manifest, database, safety, confirmer, held, lines, mode, prepared, proven,
                    versions, run, t0);
        } catch (BackupFailure f) {
            run.keep = run.keep || f.code() == ErrorCode.SHUTDOWN;
            throw f;
        } finally {
            if (run.markerWritten && !run.keep) {
                logical.finished();
            }
        }
    }

    /** Whether this restore wrote the import marker, and whether it must stay for the next start (a shutdown). */
    private static final class ImportRun {
        boolean markerWritten;
        boolean keep;
    }

    private RestoreResult restoreValidated(RestoreTarget target, Manifest manifest, String database, boolean safety,
            Confirmer confirmer, StorageLock.Held held, StageLines lines, LogicalImporter.Mode mode,
            BackupValidator.Prepared prepared, LogicalProof.Proven proven,
            RestoreVersionRule.Verdict versions, ImportRun run, long t0) {
        String id = manifest.id();
        {
            prepared.validation().checks().forEach(c -> lines.add("  " + c));
            lines.add("Checksum verification: PASSED");
            lines.add("Neo4j versions: " + versions.detail());
            String question = "Restore " + id + " (" + summary(manifest.graph()) + ", taken " + manifest.created()
                    + ") into database '" + database + "' on " + target.name() + "? " + (mode == LogicalImporter.Mode.MERGE
                            ? "This ADDS its nodes and relationships to the data there (merge)"
                            : "This REPLACES all of its data");
            boolean confirmed;
            try {
                confirmed = confirmer.confirm(question);
            } catch (BackupFailure notConfirmed) {
                tracker.enter(RecoveryState.NOT_RECOVERING, id, database, target.name(), "not confirmed: "
                        + notConfirmed.reason(), null);
                throw notConfirmed;
            }
            if (!confirmed) {
                tracker.enter(RecoveryState.NOT_RECOVERING, id, database, target.name(), "cancelled by the operator",
                        null);
                log.info("RESTORE_CANCELLED: {} (the operator declined; nothing was changed)", id);
                lines.add("Cancelled: nothing was changed");
                return new RestoreResult(id, database, target.name(), RestoreResult.Outcome.CANCELLED, lines.list(), null,
                        null, null, took(t0), Duration.ZERO, null);
            }
            String safetyId = null;
            Duration downtime;
            if (safety && !manifest.logicalExport()) {
                // one stop window: stop, safety dump, load, start (not a stop for the safety backup and another for the load)
                tracker.enter(RecoveryState.RECOVERING, id, database, target.name(), "one stop window: safety dump, "
                        + "then load", null);
                lines.add("Taking a safety backup of " + database + " inside the restore's one stop window (stop, "
                        + "safety dump, load, start)...");
                OneWindow one = oneWindow(target, database, prepared, id, held, lines);
                safetyId = one.safetyId();
                downtime = one.downtime();
                if (one.failure() != null) {
                    return rollback(target, manifest, database, safetyId, one.failure(), null, lines, held);
                }
            } else {
                if (safety) {
                    tracker.enter(RecoveryState.RECOVERING, id, database, target.name(), "taking the safety backup",
                            null);
                    lines.add("Taking a safety backup of " + database + " (a logical export; Neo4j keeps running)...");
                    safetyId = safetyBackup(id, database, held, manifest.logicalExport());
                    lines.add("Safety backup: " + safetyId);
                }
                tracker.enter(RecoveryState.RECOVERING, id, database, target.name(), "loading", safetyId);
                try {
                    if (manifest.logicalExport()) {
                        run.markerWritten = true; // written before the import's first write
                        logical.importProven(target, database, proven, id, safetyId, mode, lines::add);
                        downtime = Duration.ZERO;
                    } else {
                        downtime = load(target, database, prepared, id, lines);
                    }
                } catch (Throwable loadFailed) { // any failure after the first write rolls back, an Error too
                    BackupFailure failure = loadFailed instanceof BackupFailure f ? f : BackupFailure.of(ErrorCode
                            .BACKUP_FAILED, "The load of " + id + " stopped on an unexpected error: " + loadFailed,
                            loadFailed);
                    if (failure.code() == ErrorCode.SHUTDOWN) {
                        throw interruptedByShutdown(target, id, database, safetyId, failure);
                    }
                    return rollback(target, manifest, database, safetyId, failure, null, lines, held);
                }
            }
            lines.add("Restore completed in " + Durations.seconds(took(t0)) + " seconds (" + Durations.seconds(downtime)
                    + " s offline)");
            tracker.enter(RecoveryState.VALIDATION, id, database, target.name(), "running health checks", safetyId);
            lines.add("Running health checks on the restored database...");
            RestoreChecks.Outcome outcome = manifest.logicalExport()
                    ? LogicalChecks.run(checks, target, database, manifest, mode, c -> lines.add(c.line()))
                    : checks.run(target, database, manifest, c -> lines.add(c.line()));
            if (!outcome.passed()) {
                return rollback(target, manifest, database, safetyId, null, outcome, lines, held);
            }
            Instant now = clock.instant();
            catalog.find(id).ifPresent(m -> catalog.update(m.validated(now, "restore+checks on " + target.name())));
            tracker.enter(RecoveryState.RECOVERY_SUCCESS, id, database, target.name(), "health checks passed",
                    safetyId);
            log.info("RESTORE_SUCCESS: {} into {} on {} in {} s ({} s offline); graph: {}", id, database,
                    target.name(), Durations.seconds(took(t0)), Durations.seconds(downtime),
                    outcome.observed().summary());
            lines.add("Graph stats: " + outcome.observed().nodes() + " nodes, " + outcome.observed().relationships()
                    + " relationships");
            tell(new RestoreEvents.RestoreSucceeded(id, database, target.name(), now));
            return new RestoreResult(id, database, target.name(), RestoreResult.Outcome.RESTORED, lines.list(), safetyId,
                    outcome.checks(), outcome.observed(), took(t0), downtime, null);
        }
    }

    private String safetyBackup(String id, String database, StorageLock.Held held, boolean logical) {
        log.info("SAFETY_BACKUP: backing up {} before restoring {}", database, id);
        RunReport report = runner.run(new BackupRequest(Trigger.SAFETY, "before restore of " + id, List.of(database),
                false, null, logical ? Kind.LOGICAL : null), held);
        if (!report.ok()) {
            BackupFailure cause = report.firstFailure().orElseThrow();
            BackupFailure failure = new BackupFailure(cause.code(), "The safety backup of " + database
                    + " before restoring " + id + " failed: " + cause.reason(), cause.numbers(),
                    cause.action() + "; or, if the database is beyond saving, restore with --no-safety-backup", cause);
            throw failed(id, database, targets.get(null), failure, null, "nothing was restored; "
                    + database + " keeps its data");
        }
        return report.outcomes().get(0).id();
    }

    /** The one window's outcome: the published safety backup (null if none), the downtime, the load's failure. */
    private record OneWindow(String safetyId, Duration downtime, BackupFailure failure) {
    }

    /**
     * Stop once: the safety backup's run dumps the current database, then loads {@code id} into it before
     * Neo4j starts again ({@link LoadAfterSafetyDump}); the run packages and publishes the safety dump as any
     * safety backup (manifest, trigger SAFETY, stop marker with the load's neo4j-admin in it). A safety dump
     * that fails loads nothing: nothing was restored, as with the two-stop restore.
     */
    private OneWindow oneWindow(RestoreTarget target, String database, BackupValidator.Prepared prepared, String id,
            StorageLock.Held held, StageLines lines) {
        log.info("SAFETY_BACKUP: backing up {} before restoring {} (one stop window: safety dump, then load)",
                database, id);
        lines.add("Stopping Neo4j on " + target.name() + " (stop mode " + target.quiescer().mode() + ")...");
        LoadAfterSafetyDump[] kind = new LoadAfterSafetyDump[1];
        RunReport report = runner.run(new BackupRequest(Trigger.SAFETY, "before restore of " + id, List.of(database),
                false, null, null), held, dump -> kind[0] = new LoadAfterSafetyDump(dump, children -> {
                    lines.add("Loading " + id + " into " + database
                            + " (neo4j-admin database load --overwrite-destination)...");
                    log.info("Running: neo4j-admin database load {} --from-path={} --overwrite-destination=true",
                            database, prepared.dumpDir());
                    target.admin().load(database, prepared.dumpDir(), loadTimeout,
                            child -> children.record(child, "neo4j-admin database load " + database));
                    log.info("RESTORE_LOADED: {} into {} on {} (one stop window)", id, database, target.name());
                    lines.add("Starting Neo4j on " + target.name() + " and waiting for Bolt...");
                }));
        BackupOutcome outcome = report.outcomes().isEmpty() ? null : report.outcomes().get(0);
        Manifest safety = outcome == null ? null : outcome.manifest();
        if (kind[0] == null || !kind[0].loadAttempted()) {
            // refused in preflight, or the safety dump failed: the load never ran, the database is as it was
            BackupFailure cause = report.firstFailure().orElseGet(() -> BackupFailure.of(ErrorCode.BACKUP_FAILED,
                    "the safety backup produced no dump", null));
            BackupFailure failure = new BackupFailure(cause.code(), "The safety backup of " + database
                    + " before restoring " + id + " failed: " + cause.reason(), cause.numbers(),
                    cause.action() + "; or, if the database is beyond saving, restore with --no-safety-backup", cause);
            throw failed(id, database, targets.get(null), failure, null, "nothing was restored; "
                    + database + " keeps its data");
        }
        String safetyId = safety == null ? null : safety.id();
        if (safetyId != null) {
            lines.add("Safety backup: " + safetyId);
        } else {
            log.error("SAFETY_BACKUP_FAILED: {} was loaded, but its safety backup was not published: {}", id,
                    report.firstFailure().map(BackupFailure::reason).orElse("unknown"));
            lines.add("WARNING: the safety backup was not published ("
                    + report.firstFailure().map(BackupFailure::reason).orElse("unknown") + "); no rollback is possible");
        }
        BackupFailure failure = kind[0].loadFailure();
        if (failure == null && !report.ok() && safetyId != null) {
            failure = report.firstFailure().orElse(null); // e.g. Neo4j did not answer after the load
        }
        // the run's own measure (its manifest records the same, but there is none when the safety backup failed)
        Duration downtime = report.downtime() != null ? report.downtime() : Duration.ZERO;
        return new OneWindow(safetyId, downtime, failure);
    }

    /**
     * Stop, load, start ALWAYS, wait for Bolt; returns the downtime. The load's neo4j-admin goes into the
     * stop marker (the primary's), so that the start-up after a crash ends it before it starts Neo4j.
     */
    private Duration load(RestoreTarget target, String database, BackupValidator.Prepared prepared, String id,
            StageLines lines) {
        // the service's start-up starts Neo4j again if this process dies while it is down: the primary only
        DowntimeWindow window = new DowntimeWindow(target.quiescer(), target.probe(),
                target.primary() ? markers : StopMarkers.NONE, clock, Runnable::run);
        lines.add("Stopping Neo4j on " + target.name() + " (stop mode " + target.quiescer().mode() + ")...");
        DowntimeWindow.Closed<Void> closed = window.run(new DowntimeWindow.Opening(database, database, startTimeout,
                () -> lines.add("Starting Neo4j on " + target.name() + " and waiting for Bolt...")), children -> {
                    lines.add("Loading " + id + " into " + database
                            + " (neo4j-admin database load --overwrite-destination)...");
                    log.info("Running: neo4j-admin database load {} --from-path={} --overwrite-destination=true",
                            database, prepared.dumpDir());
                    target.admin().load(database, prepared.dumpDir(), loadTimeout,
                            child -> children.record(child, "neo4j-admin database load " + database));
                    log.info("RESTORE_LOADED: {} into {} on {}", id, database, target.name());
                    return null;
                });
        DowntimeWindow.Resumed resumed = closed.awaitResumed();
        BackupFailure failure = closed.failure() == null ? resumed.failure()
                : closed.failure() instanceof BackupFailure e ? e
                        : BackupFailure.of(ErrorCode.NEO4J_ADMIN_FAILED, "Loading " + id + " failed: "
                                + closed.failure(), closed.failure());
        if (resumed.clearPending()) {
            markers.clear();
        }
        if (failure != null) {
            throw failure;
        }
        return resumed.downtime();
    }

    private static java.nio.file.Path jsonlOf(BackupValidator.Prepared prepared) {
        return prepared.dumpDir().resolve(prepared.validation().manifest().database() + ".jsonl");
    }

    /**
     * SIGTERM stopped the import between two writes: no rollback now (loading the safety backup takes longer than
     * a shutdown may), the import marker stays, and the next start finishes it ({@link InterruptedRestores}).
     */
    private BackupFailure interruptedByShutdown(RestoreTarget target, String id, String database, String safetyId,
            BackupFailure failure) {
        String next = "the next start of the service or of any neo4j-backup command " + (safetyId != null
                ? "loads the safety backup " + safetyId + " back (backup.restore.on-interrupt=rollback)"
                : "removes the import's temporary label and index; there is no safety backup") + "; until then "
                + database + " holds a partial import";
        tracker.enter(RecoveryState.RECOVERY_FAILED, id, database, target.name(), "interrupted by shutdown: "
                + failure.reason() + (failure.numbers() != null ? " (" + failure.numbers() + ")" : "") + "; " + next,
                safetyId);
        log.warn("SHUTDOWN: the restore of {} into {} on {} was stopped: {}; {}", id, database, target.name(),
                failure.reason(), next);
        return new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down: the restore of " + id
                + " was stopped during its import; " + next, failure.numbers(), ErrorCode.SHUTDOWN.action(), failure);
    }

    /**
     * A load or a check failed: loads the safety backup back (when there is one) and checks it, then
     * fails with RESTORE_HEALTH_FAILED (checks) or the load's failure.
     */
    private RestoreResult rollback(RestoreTarget target, Manifest manifest, String database, String safetyId,
            BackupFailure loadFailure, RestoreChecks.Outcome outcome, StageLines lines, StorageLock.Held held) {
        String id = manifest.id();
        String what;
        BackupFailure cause;
        if (outcome != null) {
            RestoreChecks.Check failedCheck = outcome.firstFailed().orElseThrow();
            what = "Restore completed but health check failed: " + failedCheck.name() + ": " + failedCheck.detail();
            cause = new BackupFailure(ErrorCode.RESTORE_HEALTH_FAILED, what, "Failed check: " + failedCheck.name(),
                    "Restore a different backup, or investigate if manual graph modifications occurred before backup",
                    null);
        } else {
            what = "The load of " + id + " failed: " + loadFailure.reason();
            cause = loadFailure;
        }
        if (safetyId == null) {
            if (loadFailure instanceof dev.neo4jbackup.logical.PartialImport partial && target.primary()) {
                throw failed(id, database, target, partial.touched() ? partial.withAction("PARTIAL: " + database
                        + " holds a partial import (" + partial.numbers() + "); there is no safety backup to roll back "
                        + "to (--no-safety-backup). Restore a complete backup now: neo4j-backup restore <id> --yes "
                        + "(clear-first), this one again once the cause above is fixed, or another")
                        : partial.withAction(ErrorCode.LOGICAL_FORMAT_INVALID == partial.code() ? partial.action()
                                : "Fix the cause above and restore again; nothing was written"), null, partial.touched()
                                        ? "PARTIAL: no safety backup to roll back to (--no-safety-backup): " + database
                                                + " holds a partial import: " + partial.numbers()
                                        : database + " was not touched");
            }
            String next = target.primary() ? "no safety backup to roll back to (--no-safety-backup): " + database
                    + " holds what the load left; restore another backup" : target.name() + " is a scratch target";
            throw failed(id, database, target, cause, null, next);
        }
        tracker.enter(RecoveryState.VALIDATION, id, database, target.name(), "rolling back to " + safetyId, safetyId);
        log.warn("RESTORE_ROLLBACK: {} failed on {} ({}); loading the safety backup {}", id, target.name(), what,
                safetyId);
        lines.add("Rolling back: " + what + "; loading the safety backup " + safetyId + "...");
        try {
            rollBackTo(target, database, safetyId, held, lines);
        } catch (Throwable thrown) {
            BackupFailure rollbackFailed = thrown instanceof BackupFailure f ? f : BackupFailure.of(ErrorCode
                    .BACKUP_FAILED, "an unexpected error: " + thrown, thrown);
            if (rollbackFailed.code() == ErrorCode.SHUTDOWN) {
                throw interruptedByShutdown(target, id, database, safetyId, rollbackFailed);
            }
            BackupFailure both = new BackupFailure(cause.code(), cause.reason() + "; the rollback to the safety backup "
                    + safetyId + " failed too: " + rollbackFailed.reason(), cause.numbers(),
                    "Restore by hand now: neo4j-backup restore " + safetyId + " --no-safety-backup --yes", cause);
            throw failed(id, database, target, both, safetyId, "CRITICAL: " + database
                    + " may be empty or partial");
        }
        throw failed(id, database, target, cause.withAction(cause.action() + " (" + database
                + " was rolled back to the safety backup " + safetyId + ")"), safetyId, "rolled back to the safety "
                        + "backup " + safetyId + "; " + database + " holds the data it had before the restore");
    }

    /** Loads the safety backup back and checks it; throws when either fails. */
    void rollBackTo(RestoreTarget target, String database, String safetyId, StorageLock.Held held, StageLines lines) {
        try (BackupValidator.Prepared safety = validator.prepare(safetyId, false, held, BackupValidator.BY_RESTORE)) {
            Manifest safetyManifest = safety.validation().manifest();
            RestoreChecks.Outcome back;
            if (safetyManifest.logicalExport()) {
                // the import marker of the restore stays as it is until the rollback is done
                logical.importProven(target, database, logical.prove(jsonlOf(safety), safetyId, lines::add), safetyId,
                        null, LogicalImporter.Mode.CLEAR_FIRST, lines::add, false);
                back = LogicalChecks.run(checks, target, database, safetyManifest, LogicalImporter.Mode.CLEAR_FIRST,
                        c -> lines.add(c.line()));
            } else {
                load(target, database, safety, safetyId, lines);
                back = checks.run(target, database, safetyManifest, c -> lines.add(c.line()));
            }
            if (!back.passed()) {
                throw new BackupFailure(ErrorCode.RESTORE_HEALTH_FAILED, "the safety backup's checks failed too: "
                        + back.firstFailed().map(RestoreChecks.Check::line).orElse(""));
            }
            log.info("RESTORE_ROLLED_BACK: {} holds the safety backup {} again ({})", database, safetyId,
                    back.observed().summary());
            lines.add("Rolled back to the safety backup " + safetyId);
        }
    }

    /** RECOVERY_FAILED, the log lines, the event for the alert; returns the failure to throw. */
    private BackupFailure failed(String id, String database, RestoreTarget target, BackupFailure failure,
            String safetyId, String nextStep) {
        tracker.enter(RecoveryState.RECOVERY_FAILED, id, database, target.name(), failure.code() + ": "
                + failure.reason() + "; " + nextStep, safetyId);
        log.error("RESTORE_FAILED: {} into {} on {} [{}]", id, database, target.name(), failure.code());
        for (String line : failure.lines()) {
            log.error("{}", line);
        }
        log.error("{}", nextStep);
        tell(new RestoreEvents.RestoreFailed(id, database, target.name(), failure, nextStep,
                clock.instant()));
        return failure;
    }

    private RestoreResult dryRun(RestoreRequest request, Manifest manifest, String database, RestoreTarget target,
            StageLines lines) {
        long t0 = System.nanoTime();
        dev.neo4jbackup.signing.Trust trust = catalog.entry(BackupId.parse(manifest.id()))
                .map(dev.neo4jbackup.catalog.CatalogEntry::trust).orElseThrow();
        if (!trust.signed() && !request.trustUnsigned()) {
            // its archive is not read for a plan either: nothing is done with an untrusted backup unasked
            lines.add("Would be refused (BACKUP_UNTRUSTED): " + manifest.id() + " is " + trust.state() + ": "
                    + trust.reason() + "; not validated");
        } else {
            lines.add("Validating backup integrity...");
            BackupValidator.Validation validation = validator.validate(manifest.id(), false,
                    TrustOverride.of(request.trustUnsigned()));
            lines.add("Validated " + manifest.id() + ":");
            validation.checks().forEach(c -> lines.add("  " + c));
        }
        lines.add("Would restore " + manifest.id() + " (" + summary(manifest.graph()) + ", taken " + manifest.created()
                + ") into database '" + database + "' on " + target.name());
        if (manifest.encrypted() && !validator.opensEncrypted()) {
            lines.add("Would be refused (ENCRYPTION_KEY_MISSING): " + manifest.id() + " is encrypted and "
                    + "backup.encryption.identity-file is not set");
        }
        RestoreVersionRule.Verdict versions = RestoreVersionRule.check(manifest, target);
        lines.add((versions.allowed() ? "Neo4j versions: " : "Would be refused (RESTORE_VERSION_INCOMPATIBLE): ")
                + versions.detail());
        planFor(lines, target, database, request.safetyBackup() && target.primary(), manifest.logicalExport()
                ? (request.mode() == null ? LogicalImporter.Mode.CLEAR_FIRST : request.mode()) : null);
        if (request.promote()) {
            lines.add("Then, only if every check passed on " + target.name() + ", the same into the primary:");
            planFor(lines, targets.get(null), database, request.safetyBackup(), manifest.logicalExport()
                    ? (request.mode() == null ? LogicalImporter.Mode.CLEAR_FIRST : request.mode()) : null);
        }
        lines.add("Dry run: nothing was stopped, loaded or changed");
        log.info("DRY_RUN: restore {} into {} on {}", manifest.id(), database, target.name());
        return new RestoreResult(manifest.id(), database, target.name(), RestoreResult.Outcome.DRY_RUN, lines.list(), null,
                null, null, took(t0), Duration.ZERO, null);
    }

    /** @param logical the import's mode for a logical backup; null for a dump */
    private static void planFor(StageLines lines, RestoreTarget target, String database, boolean safety,
            LogicalImporter.Mode logical) {
        String now;
        try {
            now = target.stats().read(database).summary();
        } catch (RuntimeException e) {
            now = "unknown (" + e.getMessage() + ")";
        }
        lines.add("  " + target.name() + "/" + database + " now holds: " + now);
        lines.add(safety ? "  1. safety backup of " + database + " (trigger safety), rolled back to on failure"
                + (logical == null ? "; its dump is taken inside the load's stop window (Neo4j stops once)" : "")
                : "  1. no safety backup" + (target.primary() ? " (--no-safety-backup)" : " (a scratch target)"));
        if (logical != null) {
            lines.add("  2. import over Bolt (--mode " + logical.text() + "), Neo4j keeps running: constraints, nodes, "
                    + "relationships, indexes");
        } else {
            lines.add("  2. stop Neo4j (stop mode " + target.quiescer().mode() + "), neo4j-admin database load "
                + database + " --overwrite-destination=true, start, wait for Bolt");
        }
        lines.add("  3. health checks: connectivity, graph_counts, schema_consistency, orphan_detection");
    }

    private static String summary(GraphStats graph) {
        return graph == null ? "no graph stats" : graph.nodes() + " nodes, " + graph.relationships() + " relationships";
    }

    private static Duration took(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
