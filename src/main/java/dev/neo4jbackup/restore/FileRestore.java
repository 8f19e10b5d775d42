package dev.neo4jbackup.restore;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.PrivateFiles;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ContentFingerprint;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.logical.LogicalProof;

/**
 * {@code restore --file <path>}: a logical file an operator names (ours, or APOC's {@code apoc.export.json.all} lines,
 * with or without our header; plain or gzipped) into the primary, by the same stages as a backup's logical restore:
 * copied into {@code .staging}, proven whole before anything is touched, confirmed, a safety backup (a logical
 * export), the import with its marker, the checks (the file's own counts; its header's fingerprint when it has one),
 * and on any failure the safety backup loaded back. The file is input like any other and is never catalogued nor
 * signed: naming it is the operator vouching for it, which is logged ({@code RESTORE_FILE}) and said in the output.
 */
public final class FileRestore {

    private static final Logger log = LoggerFactory.getLogger(FileRestore.class);

    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final BackupRunner runner;
    private final Restorer restorer;
    private final RestoreTargets targets;
    private final RestoreChecks checks;
    private final RecoveryTracker tracker;
    private final Clock clock;

    public FileRestore(BackupCatalog catalog, StorageLock lock, BackupRunner runner, Restorer restorer,
            RestoreTargets targets, RestoreChecks checks, RecoveryTracker tracker, Clock clock) {
        this.catalog = catalog;
        this.lock = lock;
        this.runner = runner;
        this.restorer = restorer;
        this.targets = targets;
        this.checks = checks;
        this.tracker = tracker;
        this.clock = clock;
    }

    /**
     * The restore, told like a backup's: a failure raises {@code RESTORE_FAILED} (a shutdown is none: the next start
     * finishes it), and every attempt is counted once ({@code neo4j_backup_restores_total{kind="restore"}}).
     */
    public RestoreResult restore(Path file, String database, LogicalImporter.Mode mode, boolean safety,
            Confirmer confirmer, RestoreProgress progress) {
        String what = "file " + file.toAbsolutePath().normalize();
        try {
            RestoreResult result = restoreFile(file, database, mode, safety, confirmer, progress);
            restorer.publish(new RestoreEvents.RestoreFinished(what, database, result.target(),
                    RestoreEvents.RestoreFinished.RESTORE, null, result.outcome() == RestoreResult.Outcome.CANCELLED,
                    Duration.ZERO, clock.instant()));
            return result;
        } catch (RuntimeException e) {
            BackupFailure failure = e instanceof BackupFailure f ? f : BackupFailure.of(ErrorCode.BACKUP_FAILED,
                    e.toString(), e);
            if (failure.code() != ErrorCode.SHUTDOWN) {
                restorer.publish(new RestoreEvents.RestoreFailed(what, database, BackupProperties.Restore.PRIMARY,
                        failure, failure.action(), clock.instant()));
            }
            restorer.publish(new RestoreEvents.RestoreFinished(what, database, BackupProperties.Restore.PRIMARY,
                    RestoreEvents.RestoreFinished.RESTORE, failure, false, Duration.ZERO, clock.instant()));
            throw e;
        }
    }

    private RestoreResult restoreFile(Path file, String database, LogicalImporter.Mode mode, boolean safety,
            Confirmer confirmer, RestoreProgress progress) {
        long t0 = System.nanoTime();
        StageLines lines = new StageLines(progress, t0);
        String what = "file " + file.toAbsolutePath().normalize();
        RestoreTarget target = targets.get(null);
        LogicalImporter.Mode m = mode == null ? LogicalImporter.Mode.CLEAR_FIRST : mode;
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(file)) {
            throw new BackupFailure(ErrorCode.BACKUP_NOT_FOUND, "No readable regular file at " + file + " (a link is "
                    + "not followed)", null, "Name the logical file itself (.jsonl or .jsonl.gz)", null);
        }
        log.warn("RESTORE_FILE: {} is an unsigned external file, not a backup of this service: restored because the "
                + "operator named it (--file), never catalogued nor signed", what);
        lines.add("WARNING: " + what + " is an unsigned external file (not a backup this service signed): it is "
                + "restored because you named it, and it is never catalogued nor signed");
        catalog.prepare();
        return restorer.during(() -> {
            try (StorageLock.Held held = lock.acquire("restore --file " + file.getFileName() + " into " + database)) {
                Path work = Files.createTempDirectory(catalog.root().resolve(CatalogNames.STAGING), "file-");
                try {
                    return restoreLocked(file, what, work, database, m, safety, confirmer, lines, held, target, t0);
                } finally {
                    BackupCatalog.deleteQuietly(work);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private RestoreResult restoreLocked(Path file, String what, Path work, String database, LogicalImporter.Mode mode,
            boolean safety, Confirmer confirmer, StageLines lines, StorageLock.Held held, RestoreTarget target,
            long t0) throws IOException {
        LogicalRestoreStage stage = restorer.logicalStage();
        tracker.enter(RecoveryState.RECOVERING, what, database, target.name(), "proving the file", null);
        LogicalProof.Proven proven;
        try {
            proven = stage.prove(copy(file, work.resolve("file.jsonl")), what, lines::add);
        } catch (BackupFailure refused) {
            tracker.enter(RecoveryState.RECOVERY_FAILED, what, database, target.name(), refused.code() + ": "
                    + refused.reason() + "; refused before anything was touched", null);
            throw refused;
        }
        String question = "Restore " + what + " (" + proven.nodes() + " nodes, " + proven.relationships()
                + " relationships) into database '" + database + "'? " + (mode == LogicalImporter.Mode.MERGE
                        ? "This ADDS its nodes and relationships to the data there (merge)"
                        : "This REPLACES all of its data");
        if (!confirmer.confirm(question)) {
            tracker.enter(RecoveryState.NOT_RECOVERING, what, database, target.name(), "cancelled by the operator", null);
            lines.add("Cancelled: nothing was changed");
            return new RestoreResult(what, database, target.name(), RestoreResult.Outcome.CANCELLED, lines.list(), null,
                    null, null, Duration.ofNanos(System.nanoTime() - t0), Duration.ZERO, null);
        }
        String safetyId = null;
        if (safety) {
            lines.add("Taking a safety backup of " + database + " (a logical export; Neo4j keeps running)...");
            RunReport report = runner.run(new BackupRequest(Trigger.SAFETY, "before restore of " + what, List.of(
                    database), false, null, Kind.LOGICAL), held);
            if (!report.ok()) {
                BackupFailure cause = report.firstFailure().orElseThrow();
                tracker.enter(RecoveryState.RECOVERY_FAILED, what, database, target.name(), "the safety backup failed: "
                        + cause.reason() + "; nothing was restored", null);
                throw cause;
            }
            safetyId = report.outcomes().get(0).id();
            lines.add("Safety backup: " + safetyId);
        }
        tracker.enter(RecoveryState.RECOVERING, what, database, target.name(), "loading", safetyId);
        try {
            stage.importProven(target, database, proven, what, safetyId, mode, lines::add);
            RestoreChecks.Outcome outcome = check(target, database, proven, mode, lines);
            if (!outcome.passed()) {
                RestoreChecks.Check failed = outcome.firstFailed().orElseThrow();
                throw new BackupFailure(ErrorCode.RESTORE_HEALTH_FAILED, "Restore completed but health check failed: "
                        + failed.name() + ": " + failed.detail());
            }
            tracker.enter(RecoveryState.RECOVERY_SUCCESS, what, database, target.name(), "health checks passed",
                    safetyId);
            log.info("RESTORE_SUCCESS: {} into {} ({})", what, database, outcome.observed().summary());
            stage.finished();
            return new RestoreResult(what, database, target.name(), RestoreResult.Outcome.RESTORED, lines.list(),
                    safetyId, outcome.checks(), outcome.observed(), Duration.ofNanos(System.nanoTime() - t0),
                    Duration.ZERO, null);
        } catch (Throwable thrown) {
            BackupFailure failure = thrown instanceof BackupFailure f ? f : BackupFailure.of(ErrorCode.BACKUP_FAILED,
                    "The restore of " + what + " stopped on an unexpected error: " + thrown, thrown);
            if (failure.code() == ErrorCode.SHUTDOWN) {
                throw failure; // the marker stays: the next start finishes it
            }
            throw rollBack(target, what, database, safetyId, failure, lines, held, stage);
        }
    }

    private BackupFailure rollBack(RestoreTarget target, String what, String database, String safetyId,
            BackupFailure cause, StageLines lines, StorageLock.Held held, LogicalRestoreStage stage) {
        String next;
        if (safetyId == null) {
            next = "no safety backup to roll back to (--no-safety-backup): " + database + " may hold a partial import"
                    + (cause.numbers() != null ? " (" + cause.numbers() + ")" : "") + "; restore a complete backup";
        } else {
            lines.add("Rolling back: " + cause.reason() + "; loading the safety backup " + safetyId + "...");
            try {
                // the validator's own pass of the safety backup, as any rollback (it is this service's signed backup)
                restorer.rollBackTo(target, database, safetyId, held, lines);
                next = "rolled back to the safety backup " + safetyId + "; " + database + " holds the data it had "
                        + "before the restore";
            } catch (RuntimeException | Error failed) {
                next = "CRITICAL: the rollback to " + safetyId + " failed too (" + failed + "): restore by hand now: "
                        + "neo4j-backup restore " + safetyId + " --no-safety-backup --yes";
            }
        }
        stage.finished();
        tracker.enter(RecoveryState.RECOVERY_FAILED, what, database, target.name(), cause.code() + ": "
                + cause.reason() + "; " + next, safetyId);
        log.error("RESTORE_FAILED: {} into {} [{}]: {}; {}", what, database, cause.code(), cause.reason(), next);
        return new BackupFailure(cause.code(), cause.reason(), cause.numbers(), next, cause);
    }

    /** The file's own counts (at least them after a merge); its header's fingerprint when it has one. */
    private RestoreChecks.Outcome check(RestoreTarget target, String database, LogicalProof.Proven proven,
            LogicalImporter.Mode mode, StageLines lines) {
        lines.add("Running health checks on the restored database...");
        boolean merge = mode == LogicalImporter.Mode.MERGE;
        List<RestoreChecks.Check> all = new ArrayList<>();
        RestoreChecks.Outcome base = checks.run(target, database, proven.graph(), c -> {
            boolean compares = RestoreChecks.GRAPH_COUNTS.equals(c.name()) || RestoreChecks.SCHEMA.equals(c.name());
            boolean schemaless = RestoreChecks.SCHEMA.equals(c.name()) && proven.apoc();
            if (!(merge && compares) && !schemaless) {
                all.add(c);
                lines.add(c.line());
            }
        });
        if (base.observed() == null) {
            return new RestoreChecks.Outcome(all, null);
        }
        if (merge) {
            RestoreChecks.Check counts = LogicalChecks.atLeast(proven.graph(), base.observed());
            all.add(counts);
            lines.add(counts.line());
        }
        if (proven.header() != null && proven.header().fingerprint() != null) {
            var facts = proven.header().facts();
            ContentFingerprint now = new LogicalExporter(target.driver()).fingerprint(database, new ExportOptions(
                    facts.excludeProperties(), facts.excludeLabels(), 20_000));
            boolean equal = now.value().equals(facts.fingerprint());
            RestoreChecks.Check fingerprint = new RestoreChecks.Check(LogicalChecks.FINGERPRINT, equal || merge, equal
                    ? now.value() + " as in the file's header" : "expected " + facts.fingerprint() + ", got "
                            + now.value() + (merge ? " (a merge keeps what the database held)" : ""));
            all.add(fingerprint);
            lines.add(fingerprint.line());
        }
        return new RestoreChecks.Outcome(all, base.observed());
    }

    /** The file as plain JSON lines in the work folder: gunzipped when it is gzip, whatever its name. */
    static Path copy(Path file, Path into) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            // owner-only from its first byte: a graph in plaintext, as a decrypted dump is
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
                    OutputStream out = PrivateFiles.create(into)) {
                in.transferTo(out);
            }
        }
        return into;
    }
}
