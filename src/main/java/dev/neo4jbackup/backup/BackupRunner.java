package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.config.VerifyMode;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.ChildProcesses;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jVersion;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * One backup run, stage by stage, in the one place that orders them:
 * <ol>
 * <li>preflight: storage writable, space, neo4j-admin present, Neo4j reachable, graph stats read
 * BEFORE anything stops;</li>
 * <li>quiesce (the stop mode), after recording "stopped by us" in the state;</li>
 * <li>dump every database with neo4j-admin;</li>
 * <li>resume, ALWAYS, then wait until Bolt answers. Packaging runs while Neo4j starts, so gzip and
 * SHA-256 never add to the downtime;</li>
 * <li>package (gzip or none + SHA-256, one pass) into .staging, fsync;</li>
 * <li>verify: re-read the checksum; with backup.verify.mode=consistency also Neo4j's consistency checker
 * over the dump (a failure leaves the backup unpublished, the run failed, and pruning of that database
 * skipped);</li>
 * <li>publish: sidecar, archive and manifest by atomic rename; events for alerts and metrics.</li>
 * </ol>
 * Retention ({@link Pruner}) runs after a successful run, still under the lock, before the events.
 */
public class BackupRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);

    private final BackupProperties properties;
    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final StateStore state;
    private final Neo4jAdmin admin;
    private final GraphStatsReader statsReader;
    private final BoltProbe probe;
    private final Quiescer quiescer;
    private final ProcessRunner processes;
    private final ArchivePacker packer = new ArchivePacker();
    private final ArchiveVerifier verifier = new ArchiveVerifier();
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String toolVersion;

    private final AtomicReference<CountDownLatch> running = new AtomicReference<>();
    private volatile boolean shuttingDown;
    /** Orders "this run may stop Neo4j" against "the service shuts down": once shut down, nothing stops Neo4j. */
    private final Object stopGate = new Object();
    private Pruner pruner;
    private RunHooks hooks = RunHooks.NONE;
    /** Neo4j answered again but a full disk kept the marker in the state file: cleared when the run ends. */
    private volatile boolean markerToClear;

    public BackupRunner(BackupProperties properties, BackupCatalog catalog, StorageLock lock, StateStore state,
            Neo4jAdmin admin, GraphStatsReader statsReader, BoltProbe probe, Quiescer quiescer,
            ProcessRunner processes, ApplicationEventPublisher events, Clock clock, String toolVersion) {
        this.properties = properties;
        this.catalog = catalog;
        this.lock = lock;
        this.state = state;
        this.admin = admin;
        this.statsReader = statsReader;
        this.probe = probe;
        this.quiescer = quiescer;
        this.processes = processes;
        this.events = events;
        this.clock = clock;
        this.toolVersion = toolVersion;
    }

    /** Stage 6, retain: prune after each successful run. A setter so the stages above stay untouched. */
    public void retainWith(Pruner pruner) {
        this.pruner = pruner;
    }

    /** The operator's hooks before the stop (a setter, like {@link #retainWith}, so the stages stay untouched). */
    public void hookWith(RunHooks value) {
        this.hooks = value;
    }

    /** The ids a request will get (before a run within the same second shifts them by a second). */
    public List<String> idsFor(BackupRequest request) {
        List<String> databases = request.databases().isEmpty() ? properties.databases() : request.databases();
        Instant at = request.requestedAt() != null ? request.requestedAt() : clock.instant();
        return databases.stream().map(d -> BackupId.of(d, at).toString()).toList();
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
        java.util.Objects.requireNonNull(held, "held");
        CountDownLatch done = new CountDownLatch(1);
        running.set(done);
        try {
            return runLocked(request);
        } finally {
            running.set(null);
            done.countDown();
        }
    }

    private RunReport runLocked(BackupRequest request) {
        Instant started = request.requestedAt() != null ? request.requestedAt() : clock.instant();
        long t0 = System.nanoTime();
        List<String> databases = request.databases().isEmpty() ? properties.databases() : request.databases();
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (String database : databases) {
            BackupId id = BackupId.of(database, started);
            while (catalog.exists(id)) {
                // two runs within one second: the id must still be unique
                id = BackupId.of(database, id.created().plusSeconds(1));
            }
            plans.put(database, new Plan(id, database));
            log.info("BACKUP_START: {} (trigger={}{})", id, request.trigger().name().toLowerCase(Locale.ROOT),
                    request.reason() == null ? "" : ", reason=" + request.reason());
            events.publishEvent(new BackupEvents.BackupStarted(id.toString(), database, request.trigger(), started));
        }
        Stages stages = new Stages();
        BackupFailure runFailure = null;
        Preflight preflight = null;
        try {
            preflight = stages.time("preflight", () -> preflight(plans));
            hooks.beforeBackup(request, plans.values().stream().map(plan -> plan.id).toList()); // may abort: HOOK_FAILED
        } catch (BackupFailure failure) {
            runFailure = failure;
        } catch (RuntimeException unexpected) {
            // e.g. the catalogue cannot be read: a failed run with a code (alert, count, retry), never a crash
            runFailure = BackupFailure.of(ErrorCode.BACKUP_FAILED, "Preflight failed: " + unexpected, unexpected);
        }
        if (runFailure != null || request.dryRun()) {
            if (request.dryRun() && runFailure == null) {
                log.info("DRY_RUN: preflight passed for {}; would stop Neo4j ({}), dump, package with {} into {}",
                        String.join(", ", databases), quiescer.mode(), properties.compression().name()
                                .toLowerCase(Locale.ROOT), catalog.root());
            }
            return finish(request, started, t0, plans, runFailure);
        }

        // Stop, dump, and resume in a finally: Neo4j is never left down by a failed dump.
        Instant stoppedAt = null;
        CompletableFuture<ResumeResult> resumed;
        try {
            if (!mayStopNeo4j()) {
                // a SIGTERM during preflight: a backup that cannot finish is no reason for an outage
                runFailure = shutdownFailure("during preflight; Neo4j was not stopped");
            } else {
                if (quiescer.stopsNeo4j()) {
                    state.update(s -> s.withStoppedByUs(new ServiceState.StopMarker(clock.instant(), quiescer.mode(),
                            String.join(",", databases), ProcessHandle.current().pid(), hostName())));
                    stoppedAt = clock.instant();
                    stages.time("stop", () -> {
                        quiescer.stop();
                        return null;
                    });
                }
                for (Plan plan : plans.values()) {
                    dump(plan, stages);
                }
            }
        } catch (BackupFailure failure) {
            runFailure = failure;
        } catch (RuntimeException unexpected) {
            runFailure = BackupFailure.of(ErrorCode.BACKUP_FAILED, "Unexpected error while Neo4j was stopped: "
                    + unexpected, unexpected);
        } finally {
            resumed = resume(stoppedAt, plans.keySet().iterator().next());
        }

        // Package while Neo4j starts again.
        for (Plan plan : plans.values()) {
            if (plan.dump != null && plan.failure == null) {
                packageAndVerify(plan);
            }
        }
        ResumeResult resume = resumed.join();
        stages.record("start", resume.took);
        if (resume.failure != null) {
            runFailure = runFailure != null ? runFailure : resume.failure;
            events.publishEvent(new BackupEvents.Neo4jRestartFailed(resume.failure, clock.instant()));
        }
        long downtimeMs = resume.downtime == null ? 0 : resume.downtime.toMillis();

        // Publish what is complete and verified, even when Neo4j did not come back: it is a good backup.
        for (Plan plan : plans.values()) {
            if (plan.packed != null && plan.failure == null) {
                publish(plan, request, preflight, stages, downtimeMs, t0);
            }
        }
        return finish(request, started, t0, plans, runFailure);
    }

    // --- stages ---------------------------------------------------------------------------------------------

    private Preflight preflight(Map<String, Plan> plans) {
        catalog.prepare();
        catalog.requireSafeStaging(); // STORAGE_UNSAFE before Neo4j is stopped, not after
        admin.requirePresent();
        Neo4jVersion version = null;
        if (quiescer.stopsNeo4j() || probe.answers(plans.keySet().iterator().next())) {
            version = statsReader.version();
            log.info("Neo4j version: {} ({})", version.version(), version.edition());
            for (Plan plan : plans.values()) {
                plan.stats = statsReader.read(plan.database);
                log.info("Graph {}: {}", plan.database, plan.stats.summary());
            }
        } else {
            log.warn("Neo4j does not answer over Bolt; stop mode none: backing up the offline store without graph stats");
        }
        checkSpace(plans);
        return new Preflight(version);
    }

    private void checkSpace(Map<String, Plan> plans) {
        long required = 0;
        for (Plan plan : plans.values()) {
            required += estimate(plan.database);
        }
        try {
            FileStore store = catalog.fileStore();
            long usable = store.getUsableSpace();
            long total = store.getTotalSpace();
            if (required > usable) {
                throw new BackupFailure(ErrorCode.BACKUP_NO_SPACE, "Not enough space in " + catalog.root()
                        + " for this backup (checked before stopping Neo4j)",
                        "Required: " + Sizes.human(required) + " | Available: " + Sizes.human(usable), null, null);
            }
            double minFree = properties.disk().minFreeRatio();
            double freeAfter = total == 0 ? 1.0 : (double) (usable - required) / total;
            if (freeAfter < minFree) {
                throw new BackupFailure(ErrorCode.BACKUP_NO_SPACE, String.format(Locale.ROOT,
                        "Free space on %s would fall to %.1f %% after this backup, under the %.0f %% minimum "
                                + "(backup.disk.min-free-ratio)", catalog.root(), freeAfter * 100, minFree * 100),
                        "Required: " + Sizes.human(required) + " | Available: " + Sizes.human(usable) + " of "
                                + Sizes.human(total) + String.format(Locale.ROOT, " (%.1f %% free)",
                                        total == 0 ? 100.0 : usable * 100.0 / total),
                        null, null);
            }
        } catch (IOException e) {
            throw BackupFailure.of(ErrorCode.STORAGE_NOT_WRITABLE, "Cannot read the free space of "
                    + catalog.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Space a run needs for one database: the last archive times the factor, doubled with gzip (the raw
     * dump and the archive both sit in staging for a moment); the store size for a first run.
     */
    long estimate(String database) {
        double factor = properties.disk().estimateFactor();
        int copies = properties.compression() == Compression.GZIP ? 2 : 1;
        // the last real archive: a FAILED manifest has none, and would make the estimate 0
        Optional<Manifest> last = catalog.successes().stream().filter(m -> m.database().equals(database))
                .reduce((a, b) -> b);
        if (last.isPresent()) {
            return (long) (Math.max(last.get().rawBytes(), last.get().storedBytes()) * factor * copies);
        }
        return (long) (admin.installation().storeSize(database).orElse(0L) * factor);
    }

    private boolean mayStopNeo4j() {
        synchronized (stopGate) {
            return !shuttingDown;
        }
    }

    private static BackupFailure shutdownFailure(String when) {
        return new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down: the run was cut short " + when);
    }

    private void dump(Plan plan, Stages stages) {
        if (shuttingDown) {
            plan.failure = shutdownFailure("before the dump of " + plan.database + " began");
            return;
        }
        plan.workDir = catalog.newWorkDir(plan.id);
        log.info("Running: neo4j-admin database dump {} --to-path={}", plan.database, plan.workDir);
        long start = System.nanoTime();
        try {
            plan.dump = admin.dump(plan.database, plan.workDir, properties.neo4j().dumpTimeout(),
                    child -> recordChild(plan, child));
            plan.dumpMs = (System.nanoTime() - start) / 1_000_000;
            stages.record("dump", Duration.ofMillis(plan.dumpMs));
            log.info("Dump of {} created in {} seconds: {}", plan.database, seconds(plan.dumpMs),
                    Sizes.human(size(plan.dump)));
        } catch (BackupFailure failure) {
            // killed by the shutdown (exit code 137): the shutdown's doing, not neo4j-admin's failure
            plan.failure = shuttingDown ? shutdownFailure("during the dump of " + plan.database
                    + " (neo4j-admin was ended); Neo4j is started again before the service exits") : failure;
        }
    }

    /**
     * The dump's process goes into the stop marker (pid and start time), so that the next start of a
     * service killed meanwhile ends a dump still writing into the store before it starts Neo4j on it.
     */
    private void recordChild(Plan plan, ProcessHandle child) {
        if (shuttingDown) {
            // the runner lists it before this check, so either the shutdown's abortAll ended it or this does
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            return;
        }
        long startTicks = ChildProcesses.startTicks(child.pid()).orElse(-1);
        ServiceState.Child recorded = new ServiceState.Child(child.pid(), startTicks,
                "neo4j-admin database dump " + plan.database);
        try {
            state.update(s -> s.stoppedByUs() == null ? s : s.withStoppedByUs(s.stoppedByUs().withChild(recorded)));
        } catch (UncheckedIOException e) {
            log.warn("Cannot record the dump process (pid {}) in .state.json: {}", child.pid(), e.getMessage());
        }
    }

    private CompletableFuture<ResumeResult> resume(Instant stoppedAt, String probeDatabase) {
        if (stoppedAt == null) {
            return CompletableFuture.completedFuture(new ResumeResult(null, Duration.ZERO, null));
        }
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            BackupFailure failure = null;
            try {
                quiescer.resume();
            } catch (BackupFailure e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = BackupFailure.of(ErrorCode.NEO4J_RESTART_FAILED, "Starting Neo4j failed: " + e, e);
            }
            Duration timeout = properties.neo4j().startTimeout();
            boolean answered = probe.awaitAnswer(probeDatabase, failure == null ? timeout : Duration.ofSeconds(5));
            Instant upAt = clock.instant();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (answered) {
                try {
                    state.update(s -> s.withStoppedByUs(null));
                } catch (UncheckedIOException full) {
                    // a full disk (packaging runs meanwhile) must not turn a started Neo4j into a crashed run
                    log.warn("Cannot clear the stop marker in .state.json yet ({}); retried at the end of the run",
                            full.getMessage());
                    markerToClear = true;
                }
                Duration downtime = Duration.between(stoppedAt, upAt);
                log.info("NEO4J_UP: Neo4j answers again after {} seconds of downtime",
                        seconds(downtime.toMillis()));
                return new ResumeResult(null, took, downtime);
            }
            if (failure == null) {
                failure = new BackupFailure(ErrorCode.NEO4J_RESTART_FAILED, "Neo4j did not answer over Bolt within "
                        + timeout.toSeconds() + " s after the start command", "Waited: " + took.toSeconds() + " s",
                        null, null);
            }
            log.error("CRITICAL: NEO4J_RESTART_FAILED: {}", failure.reason());
            return new ResumeResult(failure, took, Duration.between(stoppedAt, upAt));
        }, runnable -> {
            Thread thread = new Thread(runnable, "neo4j-resume");
            thread.start();
        });
    }

    private void packageAndVerify(Plan plan) {
        Compression compression = properties.compression();
        String archiveName = BackupCatalog.archiveName(plan.id, compression);
        try {
            if (properties.verify().mode() == VerifyMode.CONSISTENCY) {
                // on the dump itself, before packaging moves or deletes it; the checksum then ties the archive to it
                long checkStart = System.nanoTime();
                checkConsistency(plan);
                plan.verifyMs += (System.nanoTime() - checkStart) / 1_000_000;
                if (plan.failure != null) {
                    return;
                }
            }
            if (compression == Compression.GZIP) {
                log.info("Compressing backup with gzip...");
            }
            plan.packed = packer.pack(plan.dump, plan.workDir.resolve(archiveName), compression);
            log.info("Stored size: {} ({} of the dump's {}){}", Sizes.human(plan.packed.storedBytes()),
                    percent(plan.packed.ratio()), Sizes.human(plan.packed.rawBytes()),
                    compression == Compression.GZIP ? String.format(Locale.ROOT,
                            "; gzip saved %.1f %% in %s s (the dump is already Zstandard-compressed)",
                            (1 - plan.packed.ratio()) * 100, seconds(plan.packed.took().toMillis())) : "");
            log.info("Checksum SHA256: {}", plan.packed.sha256());
            if (compression == Compression.GZIP) {
                Files.deleteIfExists(plan.dump);
            }
            long verifyStart = System.nanoTime();
            ArchiveVerifier.Result check = verifier.verify(plan.packed.archive(), compression, plan.packed.sha256());
            plan.verifyMs += (System.nanoTime() - verifyStart) / 1_000_000;
            if (!check.ok()) {
                plan.failure = new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive read back differs from "
                        + "what was written: " + check.problem(), "Expected: " + check.expected() + " | Got: "
                                + check.actual(), "Check the storage device; the backup was not published", null);
            }
        } catch (IOException | UncheckedIOException e) {
            plan.failure = packagingFailure(e);
        }
    }

    /** backup.verify.mode=consistency: Neo4j's own checker over the new dump; a failure keeps it unpublished. */
    private void checkConsistency(Plan plan) throws IOException {
        Path temp = Files.createDirectories(plan.workDir.resolve("check-temp"));
        log.info("VERIFY_CONSISTENCY: neo4j-admin database check {} on the new dump", plan.database);
        var check = admin.check(plan.database, plan.workDir, temp, properties.neo4j().dumpTimeout());
        BackupCatalog.deleteQuietly(temp);
        if (check.ok()) {
            plan.consistencyChecked = true;
            log.info("VERIFY_SUCCESS: {} consistency check passed", plan.id);
            return;
        }
        log.error("VERIFY_FAILED: {} consistency check failed: {}", plan.id, check.tail());
        plan.failure = new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The consistency check of the new backup "
                + plan.id + " found problems: " + check.tail(), "Exit code: " + check.exitCode(),
                "The backup was not published and no older backup of " + plan.database + " is pruned; check the "
                        + "database (neo4j-admin database check) and Neo4j's logs", null);
    }

    private BackupFailure packagingFailure(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device")) {
            long usable = -1;
            try {
                usable = catalog.fileStore().getUsableSpace();
            } catch (IOException ignored) {
                // the numbers are a courtesy here
            }
            return new BackupFailure(ErrorCode.BACKUP_NO_SPACE, "No space left on device while packaging ("
                    + catalog.root() + " filesystem is full); nothing was published",
                    usable >= 0 ? "Available: " + Sizes.human(usable) : null, null, e);
        }
        return BackupFailure.of(ErrorCode.BACKUP_FAILED, "Packaging failed: " + message, e);
    }

    private void publish(Plan plan, BackupRequest request, Preflight preflight, Stages stages, long downtimeMs,
            long t0) {
        Map<String, Long> durations = new LinkedHashMap<>();
        durations.put("preflight", stages.ms("preflight"));
        durations.put("stop", stages.ms("stop"));
        durations.put("dump", plan.dumpMs);
        durations.put("start", stages.ms("start"));
        durations.put("package", plan.packed.took().toMillis());
        durations.put("verify", plan.verifyMs);
        durations.put("total", (System.nanoTime() - t0) / 1_000_000);
        Manifest manifest = new Manifest(plan.id.toString(), plan.database, plan.id.created(),
                request.trigger(), request.reason(), Manifest.Status.COMPLETE, properties.compression(),
                plan.packed.archive().getFileName().toString(), plan.packed.rawBytes(), plan.packed.storedBytes(),
                Math.round(plan.packed.ratio() * 10000) / 10000.0, plan.packed.sha256(), durations, downtimeMs,
                plan.stats, preflight.version == null ? null : preflight.version.version(),
                preflight.version == null ? null : preflight.version.edition(), quiescer.mode(), toolVersion,
                hostName(), null, null, null);
        if (plan.consistencyChecked) {
            manifest = manifest.validated(clock.instant(), "consistency");
        }
        try {
            Path archive = catalog.publish(plan.packed.archive(), manifest);
            plan.manifest = manifest;
            BackupCatalog.deleteQuietly(plan.workDir);
            log.info("Backup ID: {}", manifest.id());
            log.info("BACKUP_SUCCESS: {} ({} seconds) stored at {}", manifest.id(),
                    Math.round(manifest.durationMs() / 1000.0), archive);
        } catch (UncheckedIOException e) {
            plan.failure = packagingFailure(e);
        } catch (BackupFailure e) {
            plan.failure = e; // e.g. STORAGE_UNSAFE: a link appeared where the archive goes
        }
    }

    private RunReport finish(BackupRequest request, Instant started, long t0, Map<String, Plan> plans,
            BackupFailure runFailure) {
        List<BackupOutcome> outcomes = new ArrayList<>();
        Instant now = clock.instant();
        for (Plan plan : plans.values()) {
            BackupFailure failure = plan.failure != null ? plan.failure
                    : plan.manifest == null && !request.dryRun() ? runFailure : null;
            if (failure == null && plan.manifest == null && !request.dryRun()) {
                failure = new BackupFailure(ErrorCode.BACKUP_FAILED, "No backup was published");
            }
            if (plan.workDir != null && plan.manifest == null) {
                BackupCatalog.deleteQuietly(plan.workDir);
            }
            outcomes.add(new BackupOutcome(plan.id.toString(), plan.database, plan.manifest, failure));
        }
        RunReport report = new RunReport(request.trigger(), started, Duration.ofNanos(System.nanoTime() - t0),
                outcomes, runFailure, request.dryRun());
        if (markerToClear) {
            // the failed work folders are gone now, so there is room again for the state file
            markerToClear = false;
            state.update(s -> s.withStoppedByUs(null));
        }
        retain(report);
        if (!request.dryRun()) {
            for (BackupOutcome outcome : outcomes) {
                if (outcome.ok()) {
                    events.publishEvent(new BackupEvents.BackupSucceeded(outcome.manifest(), request.trigger()));
                } else if (outcome.failure().code() == ErrorCode.SHUTDOWN) {
                    // not a failure: no alert, no failure count, no error metric
                    log.warn("SHUTDOWN: backup {} not taken: {}", outcome.id(), outcome.failure().reason());
                } else {
                    logFailure(outcome.id(), outcome.failure());
                    events.publishEvent(new BackupEvents.BackupFailed(outcome.id(), outcome.database(),
                            request.trigger(), outcome.failure(), now));
                }
            }
            if (report.ok()) {
                state.update(s -> s.withSuccess(now, report.ids()));
            } else if (report.abortedByShutdown()) {
                List<String> published = outcomes.stream().filter(BackupOutcome::ok).map(BackupOutcome::id).toList();
                if (!published.isEmpty()) {
                    state.update(s -> s.withSuccess(now, String.join(", ", published)));
                }
            } else {
                BackupFailure first = report.firstFailure().orElseThrow();
                state.update(s -> s.withFailure(now, report.ids(), first.code().name(), first.reason()));
            }
        } else if (runFailure != null) {
            logFailure(report.ids(), runFailure);
        }
        events.publishEvent(new BackupEvents.RunFinished(report));
        return report;
    }

    /**
     * Stage 6: only after a real run whose Neo4j came back, and only for the databases whose backup was
     * published and verified. A prune that fails is logged; the backup it follows stays a success.
     */
    private void retain(RunReport report) {
        List<String> succeeded = report.outcomes().stream().filter(BackupOutcome::ok).map(BackupOutcome::database)
                .toList();
        // never after a restore's safety backup: it could prune the very backup being restored
        if (pruner == null || report.dryRun() || report.failure() != null || succeeded.isEmpty()
                || report.trigger() == Trigger.SAFETY) {
            return;
        }
        try {
            pruner.prune(succeeded, false);
        } catch (RuntimeException e) {
            log.error("CLEANUP_FAILED: retention after {} did not complete ({}); the backup itself succeeded",
                    report.ids(), e.toString(), e);
        }
    }

    /** The failure's lines under one greppable BACKUP_FAILED line; the scheduler logs a run that died this way too. */
    public static void logFailure(String id, BackupFailure failure) {
        log.error("BACKUP_FAILED: {} [{}]", id, failure.code());
        for (String line : failure.lines()) {
            log.error("{}", line);
        }
    }

    // --- shutdown ---------------------------------------------------------------------------------------------

    /**
     * Graceful shutdown during a run (e.g. `docker compose down`): abort the dump, and wait until the
     * run has started Neo4j again before the process exits.
     */
    public void shutdown(Duration wait) {
        synchronized (stopGate) {
            shuttingDown = true;
        }
        CountDownLatch done = running.get();
        if (done == null) {
            return;
        }
        // the dump (or a consistency check); never the stop or start command, which run to their end
        int ended = processes.abortAll();
        log.warn("SHUTDOWN: a backup run is in progress; ended {} neo4j-admin process(es); waiting up to {} s for the "
                + "run to end (Neo4j is started again if it was stopped)", ended, wait.toSeconds());
        try {
            if (done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("SHUTDOWN: the backup run has ended");
            } else {
                log.error("CRITICAL: the backup run did not finish within {} s of shutdown; Neo4j may be down",
                        wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #shutdown} began: no run stops Neo4j any more. */
    public boolean shuttingDown() {
        return shuttingDown;
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static final class Plan {
        final BackupId id;
        final String database;
        GraphStats stats;
        Path workDir;
        Path dump;
        long dumpMs;
        long verifyMs;
        boolean consistencyChecked;
        PackResult packed;
        Manifest manifest;
        BackupFailure failure;

        Plan(BackupId id, String database) {
            this.id = id;
            this.database = database;
        }
    }

    private record Preflight(Neo4jVersion version) {
    }

    private record ResumeResult(BackupFailure failure, Duration took, Duration downtime) {
    }

    /** Stage durations of one run. */
    private static final class Stages {
        private final Map<String, Long> ms = new LinkedHashMap<>();

        <T> T time(String stage, java.util.function.Supplier<T> work) {
            long start = System.nanoTime();
            try {
                return work.get();
            } finally {
                record(stage, Duration.ofNanos(System.nanoTime() - start));
            }
        }

        void record(String stage, Duration took) {
            ms.merge(stage, took.toMillis(), Long::sum);
        }

        long ms(String stage) {
            return ms.getOrDefault(stage, 0L);
        }
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
