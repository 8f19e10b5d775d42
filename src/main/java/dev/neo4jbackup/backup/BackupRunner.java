package dev.neo4jbackup.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.crypt.Encryption;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.DowntimeWindow;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * One backup run, in the one place that orders its stages (docs/architecture.md, "The stages of a run"):
 * preflight, quiesce + dump ({@link CaptureStage}, Neo4j started again in the background whatever
 * happened), package and verify once Neo4j answers (or while it starts: backup.neo4j.start-first=false), publish,
 * retain, then the report. Each stage is a
 * class that returns an immutable step; nothing of a run is kept on this singleton.
 */
public class BackupRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);

    private final BackupProperties properties;
    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final DowntimeWindow window;
    private final PreflightStage preflight;
    private final CaptureStage capture;
    private final PackageStage packager;
    private final VerifyStage verify;
    private final PublishStage publish;
    private final RunRecorder recorder;
    private final ShutdownGate gate;
    private final RetainStage retain;
    private final RunHooks hooks;
    private final BackupKind kind;
    private final StoreSnapshot snapshot;
    /** The kind a request names ({@code create --kind logical}); the configured one when it names none. */
    private final BackupKinds kinds;

    /**
     * @param kinds   builds the configured kind ({@code backup.kind}) and the one a request names
     * @param resumes runs the start of Neo4j, so that packaging goes on meanwhile
     * @param pruner  stage 6, retain: prunes after each successful run; null: no retention (tools, tests)
     * @param hooks   the operator's hooks before the stop ({@link RunHooks#NONE}: none)
     */
    public BackupRunner(BackupProperties properties, BackupCatalog catalog, StorageLock lock, StateStore state,
            Neo4jAdmin admin, GraphStatsReader statsReader, BoltProbe probe, Quiescer quiescer,
            ProcessRunner processes, ApplicationEventPublisher events, Clock clock, String toolVersion,
            BackupKinds kinds, Executor resumes, Pruner pruner, RunHooks hooks) {
        this.properties = properties;
        this.kinds = Objects.requireNonNull(kinds, "kinds");
        this.kind = kinds.of(properties.kind());
        this.retain = new RetainStage(pruner);
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.catalog = catalog;
        this.lock = lock;
        this.gate = new ShutdownGate(processes);
        this.clock = clock;
        this.events = events;
        this.window = new DowntimeWindow(quiescer, probe, new StateStopMarkers(state), clock, resumes);
        Encryption encryption = Encryption.of(properties.encryption(), processes.childEnvironment());
        this.snapshot = new StoreSnapshot(properties.neo4j().snapshot(), properties.neo4j().snapshotCommand(),
                properties.neo4j().snapshotPath(), catalog, admin::installation, processes,
                properties.neo4j().dumpTimeout());
        this.preflight = new PreflightStage(properties, catalog, admin, statsReader, probe, quiescer, encryption,
                snapshot);
        this.capture = new CaptureStage(catalog, kind, window, gate, properties.neo4j().startTimeout(), snapshot,
                quiescer::stopsNeo4j);
        this.packager = new PackageStage(catalog, properties.compression(), encryption.sealer(),
                properties.dumpCompressionLevel(), properties.textCompressionLevel());
        this.verify = new VerifyStage(properties, catalog, admin);
        this.publish = new PublishStage(catalog, properties.compression(), clock, toolVersion,
                new AnomalyCheck(catalog, properties.anomaly(), events, clock));
        this.recorder = new RunRecorder(catalog, state, events, clock);
    }

    /** The ids a request will get (before a run within the same second shifts them by a second). */
    public List<String> idsFor(BackupRequest request) {
        Instant at = request.requestedAt() != null ? request.requestedAt() : clock.instant();
        return databases(request).stream().map(d -> BackupId.of(d, at).toString()).toList();
    }

    /**
     * Runs a backup under the storage lock. Throws only BACKUP_LOCKED (another run holds the
     * storage) and STORAGE_NOT_WRITABLE (no folder to lock); every other failure is in the report, logged and published.
     */
    public RunReport run(BackupRequest request) {
        catalog.prepare(); // the lock lives in the storage folder: STORAGE_NOT_WRITABLE comes first
        try (StorageLock.Held held = lock.acquire(request.trigger().name().toLowerCase(Locale.ROOT) + " backup")) {
            return run(request, held);
        }
    }

    /**
     * Runs a backup for a caller that already holds the storage lock: a restore takes its safety backup
     * inside its own hold, so that no scheduled run can slip in between the safety backup and the load.
     */
    public RunReport run(BackupRequest request, StorageLock.Held held) {
        return run(request, held, UnaryOperator.identity());
    }

    /**
     * As {@link #run(BackupRequest, StorageLock.Held)}, with the run's kind wrapped by {@code within}: a dump
     * restore's safety backup loads the restored dump inside the same stop (one downtime window).
     */
    public RunReport run(BackupRequest request, StorageLock.Held held,
            UnaryOperator<BackupKind> within) {
        Objects.requireNonNull(held, "held");
        return gate.during(() -> runLocked(request, within));
    }

    private RunReport runLocked(BackupRequest request, UnaryOperator<BackupKind> within) {
        Instant started = request.requestedAt() != null ? request.requestedAt() : clock.instant();
        long t0 = System.nanoTime();
        List<Planned> planned = recorder.start(request, databases(request), started);

        BackupKind runKind;
        try {
            runKind = within.apply((request.kind() == null ? kind : kinds.of(request.kind())).forRequest(request));
        } catch (BackupFailure failure) {
            return finish(request, started, t0, planned, failure, null);
        }

        // 1. preflight: everything that can fail before Neo4j stops
        Timed<PreflightStage.Preflight> checked;
        try {
            checked = Timed.of(() -> preflight.check(planned, runKind.needsDowntime()));
            // the operator's pre-backup hook is the last check before the stop: HOOK_FAILED aborts here
            hooks.beforeBackup(request, planned.stream().map(Planned::id).toList());
        } catch (RuntimeException failure) {
            if (gate.closed()) {
                // SIGTERM during the preflight or the pre-backup hook (which the shutdown ended): no failure
                return finish(request, started, t0, planned, failure instanceof BackupFailure f
                        && f.code() == ErrorCode.SHUTDOWN ? f : ShutdownGate.failure("during preflight ("
                                + failure.getMessage() + "); Neo4j was not stopped"), null);
            }
            // e.g. the catalogue cannot be read: a failed run with a code (alert, count, retry), never a crash
            return finish(request, started, t0, planned, failure instanceof BackupFailure f ? f
                    : BackupFailure.of(ErrorCode.BACKUP_FAILED, "Preflight failed: " + failure, failure), null);
        }
        if (request.dryRun()) {
            log.info("DRY_RUN: preflight passed for {}; would stop Neo4j ({}), dump, package with {} into {}",
                    String.join(", ", databases(request)), window.mode(), properties.compression().name()
                            .toLowerCase(Locale.ROOT), catalog.root());
            return finish(request, started, t0, planned, null, null);
        }

        // 2. quiesce + dump (a kind without downtime stops nothing); Neo4j is started again whatever happened
        CaptureStage.Captured captured = capture.run(planned, runKind);

        // 3 + 4. package and verify, once Neo4j answers again (backup.neo4j.start-first) or while it starts
        if (runKind.needsDowntime() && properties.neo4j().startFirst() && !captured.resumed().isDone()) {
            DowntimeWindow.Resumed first = captured.resumed().join();
            log.info("PACKAGE_AFTER_START: Neo4j {} after {} ms down; packaging starts now",
                    first.failure() == null ? "answers" : "did not come back", first.downtime().toMillis());
        }
        List<RunStep> steps = new ArrayList<>(planned);
        for (CaptureStage.Capture c : captured.captures()) {
            steps.set(planned.indexOf(c.planned()), c.ok() ? packageAndVerify(c, runKind) : c);
        }
        DowntimeWindow.Resumed resumed = captured.resumed().join();
        BackupFailure runFailure = captured.failure();
        if (resumed.failure() != null) {
            runFailure = runFailure != null ? runFailure : resumed.failure();
            events.publishEvent(new BackupEvents.Neo4jRestartFailed(resumed.failure(), clock.instant()));
        }

        // 5. publish what is complete and verified, even when Neo4j did not come back: it is a good backup
        PublishStage.RunFacts facts = new PublishStage.RunFacts(request, checked, captured.stopTook(), resumed,
                runKind.needsDowntime() ? window.mode() : "none (" + runKind.name() + ")", t0, runKind,
                capture.usesSnapshot(runKind) ? snapshot.modeName() : null);
        steps.replaceAll(step -> step instanceof Verified v && v.ok() ? publish.publish(v, facts) : step);
        return finish(request, started, t0, steps, runFailure, resumed);
    }

    /** The consistency check runs on the dump itself, before packaging moves or deletes it. */
    private RunStep packageAndVerify(CaptureStage.Capture captured, BackupKind runKind) {
        // neo4j-admin's consistency check reads a dump; a logical export carries its own fingerprint instead
        VerifyStage.Consistency consistency = runKind.needsDowntime() ? verify.consistency(captured)
                : new VerifyStage.Consistency(false, Duration.ZERO, null);
        if (consistency.failure() != null) {
            // the shutdown ends neo4j-admin's check: that is no finding about the backup
            return Verified.failed(captured, null, consistency.took(), gate.closed() ? ShutdownGate.failure(
                    "during the consistency check of " + captured.planned().database() + "; nothing was published")
                    : consistency.failure());
        }
        PackageStage.Packed packed = runKind.needsDowntime() ? packager.pack(captured, false)
                : packager.pack(captured, true, runKind::open);
        if (packed.failure() != null) {
            return Verified.failed(captured, null, consistency.took(), packed.failure());
        }
        return verify.checksum(captured, packed, consistency);
    }

    /** The report from each database's last step; then retain (still under the lock), the state and the events. */
    private RunReport finish(BackupRequest request, Instant started, long t0, List<? extends RunStep> steps,
            BackupFailure runFailure, DowntimeWindow.Resumed resumed) {
        RunReport report = recorder.report(request, started, Duration.ofNanos(System.nanoTime() - t0), steps,
                runFailure).withDowntime(resumed == null || resumed.downtime().isZero() ? null
                        : resumed.downtime());
        if (resumed != null && resumed.clearPending()) {
            window.clearMarker(); // the failed work folders are gone now, so there is room again for the state file
        }
        retain.retain(report);
        recorder.record(request, report);
        return report;
    }

    private List<String> databases(BackupRequest request) {
        return request.databases().isEmpty() ? properties.databases() : request.databases();
    }

    /** The failure's lines under one greppable BACKUP_FAILED line; the scheduler logs a run that died this way too. */
    public static void logFailure(String id, BackupFailure failure) {
        log.error("BACKUP_FAILED: {} [{}]", id, failure.code());
        for (String line : failure.lines()) {
            log.error("{}", line);
        }
    }

    /**
     * Graceful shutdown during a run (e.g. `docker compose down`): abort the dump, and wait until the
     * run has started Neo4j again before the process exits.
     */
    public void shutdown(Duration wait) {
        gate.close(wait);
    }

    /** New backups are encrypted (backup.encryption.recipients): reading them back needs the identity. */
    public boolean encrypts() {
        return properties.encryption().enabled();
    }

    /** True once {@link #shutdown} began: no run stops Neo4j any more. */
    public boolean shuttingDown() {
        return gate.closed();
    }
}
