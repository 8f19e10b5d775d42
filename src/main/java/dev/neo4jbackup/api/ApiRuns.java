package dev.neo4jbackup.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Backups started over HTTP: they run in the background (a dump takes minutes) on the API's run executor
 * ({@link ApiConfiguration}), and the caller polls the id it was given. A request while another run holds
 * the storage is refused at once.
 */
@ConditionalOnWebApplication
@Component
class ApiRuns {

    private static final Logger log = LoggerFactory.getLogger(ApiRuns.class);

    /** @param failure null while running or when it succeeded */
    record Tracked(String id, String status, BackupFailure failure) {
    }

    private final BackupRunner runner;
    private final StorageLock lock;
    private final Clock clock;
    private final Map<String, Tracked> runs = new ConcurrentHashMap<>();
    private final TaskExecutor executor;

    ApiRuns(BackupRunner runner, StorageLock lock, Clock clock, @Qualifier("apiRunExecutor") TaskExecutor executor) {
        this.runner = runner;
        this.lock = lock;
        this.clock = clock;
        this.executor = executor;
    }

    /** @return the ids the run will publish */
    synchronized List<String> submit(String reason, List<String> databases, boolean dryRun) {
        return submit(reason, databases, dryRun, null);
    }

    /** @param kind null: the configured {@code backup.kind} */
    synchronized List<String> submit(String reason, List<String> databases, boolean dryRun,
            Kind kind) {
        Optional<String> holder = lock.heldBy();
        if (holder.isPresent() || runs.values().stream().anyMatch(t -> t.status().equals("RUNNING"))) {
            throw new BackupFailure(ErrorCode.BACKUP_LOCKED, "A backup is already running: the storage is locked by "
                    + holder.orElse("a backup started over HTTP"), null,
                    "Wait for it to finish (GET /api/status), then retry", null);
        }
        BackupRequest request = new BackupRequest(Trigger.MANUAL, reason, databases, dryRun,
                Instant.ofEpochSecond(clock.instant().getEpochSecond()), kind);
        List<String> ids = runner.idsFor(request);
        ids.forEach(id -> runs.put(id, new Tracked(id, "RUNNING", null)));
        try {
            executor.execute(() -> run(request, ids));
        } catch (RejectedExecutionException stopping) {
            // the service is shutting down (no task is accepted after the context closed)
            ids.forEach(runs::remove);
            throw new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down; the backup was not started",
                    null, "Start it again once the service is back", null);
        }
        return ids;
    }

    private void run(BackupRequest request, List<String> ids) {
        try {
            RunReport report = runner.run(request);
            for (BackupOutcome outcome : report.outcomes()) {
                runs.put(outcome.id(), outcome.ok()
                        ? new Tracked(outcome.id(), request.dryRun() ? "DRY_RUN_PASSED" : "COMPLETE", null)
                        : new Tracked(outcome.id(), "FAILED", outcome.failure()));
            }
            ids.forEach(id -> runs.computeIfPresent(id, (k, t) -> t.status().equals("RUNNING")
                    ? new Tracked(id, report.ok() ? "COMPLETE" : "FAILED", report.firstFailure().orElse(null)) : t));
        } catch (BackupFailure failure) {
            ids.forEach(id -> runs.put(id, new Tracked(id, "FAILED", failure)));
        } catch (RuntimeException e) {
            log.error("API backup run failed unexpectedly", e);
            ids.forEach(id -> runs.put(id, new Tracked(id, "FAILED",
                    new BackupFailure(ErrorCode.BACKUP_FAILED, e.toString()))));
        }
    }

    Optional<Tracked> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }
}
