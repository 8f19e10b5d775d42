package dev.neo4jbackup.api;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.DatabaseName;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.restore.BackupValidator;
import dev.neo4jbackup.restore.Confirmer;
import dev.neo4jbackup.restore.RestoreRequest;
import dev.neo4jbackup.restore.RestoreResult;
import dev.neo4jbackup.restore.Restorer;
import dev.neo4jbackup.retention.Decision;
import dev.neo4jbackup.retention.RetentionPlan;
import dev.neo4jbackup.schedule.CronSchedule;
import dev.neo4jbackup.schedule.PauseControl;
import dev.neo4jbackup.schedule.RetryPolicy;

/** The HTTP API: thin, every answer comes from the same classes the CLI uses. JSON names are the manifest's. */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api")
class BackupApi {

    private final BackupCatalog catalog;
    private final BackupOperations operations;
    private final BackupValidator validator;
    private final PauseControl pauses;
    private final CronSchedule schedule;
    private final ApiRuns runs;
    private final Restorer restorer;
    private final Clock clock;

    /** backup.scheduler.enabled: false leaves only runs by hand, and no next run to announce. */
    private final boolean scheduled;

    BackupApi(BackupCatalog catalog, BackupOperations operations, BackupValidator validator, PauseControl pauses,
            CronSchedule schedule, ApiRuns runs, Restorer restorer, Clock clock,
            @Value("${backup.scheduler.enabled:true}") boolean scheduled) {
        this.scheduled = scheduled;
        this.restorer = restorer;
        this.clock = clock;
        this.catalog = catalog;
        this.operations = operations;
        this.validator = validator;
        this.pauses = pauses;
        this.schedule = schedule;
        this.runs = runs;
    }

    /** Default and largest page of {@code GET /api/backups}: 2,000 manifests in one answer cost ~4 MB of JSON. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /**
     * One page of the catalogue, newest first: the manifests as written, and INVALID entries as
     * {@code {id, status: INVALID, file, invalidReason}}. The body stays a JSON array; the total is in
     * {@code X-Total-Count} and the next page in {@code Link: <...>; rel="next"}.
     */
    @GetMapping("/backups")
    ResponseEntity<List<Object>> list(@RequestParam(required = false) String database,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new ApiErrors.PageOutOfRange("limit must be 1.." + MAX_LIMIT + " and offset >= 0 (got limit="
                    + limit + ", offset=" + offset + ")");
        }
        if (database != null) {
            DatabaseName.require(database); // 400 INVALID_INPUT, with the name meant (NEO4J: neo4j)
        }
        List<CatalogEntry> entries = new ArrayList<>(catalog.entries());
        entries.removeIf(e -> database != null && !e.id().database().equals(database));
        entries.sort(Comparator.comparing(CatalogEntry::created).reversed());
        int from = Math.min(offset, entries.size());
        int to = Math.min(entries.size(), from + limit);
        List<Object> page = new ArrayList<>(to - from);
        for (CatalogEntry entry : entries.subList(from, to)) {
            page.add(entry.valid() ? entry.view() : entry.invalidView());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header("X-Total-Count", String.valueOf(entries.size()));
        if (to < entries.size()) {
            answer.header("Link", "</api/backups?" + (database == null ? "" : "database=" + database + "&") + "limit="
                    + limit + "&offset=" + to + ">; rel=\"next\"");
        }
        return answer.body(page);
    }

    /** The manifest; 202 while a backup started over HTTP is still running; its failure once it failed. */
    @GetMapping("/backups/{id}")
    ResponseEntity<?> get(@PathVariable BackupId id) {
        Optional<CatalogEntry> entry = catalog.entry(id);
        if (entry.isPresent()) {
            return ResponseEntity.ok(entry.get().valid() ? entry.get().view() : entry.get().invalidView());
        }
        Optional<ApiRuns.Tracked> tracked = runs.find(id.toString());
        if (tracked.isPresent() && tracked.get().failure() != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id.toString());
            body.put("status", "FAILED");
            body.putAll(ApiErrors.body(tracked.get().failure()));
            return ResponseEntity.ok(body);
        }
        if (tracked.isPresent() && tracked.get().status().equals("RUNNING")) {
            return ResponseEntity.accepted().body(Map.of("id", id.toString(), "status", "RUNNING"));
        }
        if (tracked.isPresent() && tracked.get().status().equals("DRY_RUN_PASSED")) {
            return ResponseEntity.ok(Map.of("id", id.toString(), "status", "DRY_RUN_PASSED"));
        }
        catalog.require(id.toString()); // BACKUP_NOT_FOUND: 404 with code, reason and action
        return ResponseEntity.notFound().build();
    }

    /** @param kind {@code dump} or {@code logical}; absent: the configured {@code backup.kind} */
    record CreateRequest(String reason, List<String> databases, Boolean dryRun, String kind) {
    }

    /** 202 with the ids and where to poll; 409 while another run holds the storage. */
    @PostMapping("/backups")
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) CreateRequest body) {
        CreateRequest request = body != null ? body : new CreateRequest(null, List.of(), false, null);
        if (request.databases() != null) {
            // before anything runs: NEO4J would make an archive that no listing, prune or restore sees
            request.databases().forEach(DatabaseName::require);
        }
        List<String> ids = runs.submit(request.reason(), request.databases() == null ? List.of() : request.databases(),
                Boolean.TRUE.equals(request.dryRun()), kindOf(request.kind()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ids", ids);
        answer.put("status", "RUNNING");
        answer.put("location", "/api/backups/" + ids.get(0));
        return ResponseEntity.accepted().location(URI.create("/api/backups/" + ids.get(0))).body(answer);
    }

    /** {@code dump} or {@code logical}; anything else is 400 INVALID_INPUT before anything runs. */
    static Kind kindOf(String kind) {
        return kind == null || kind.isBlank() ? null : Kind.parse(kind);
    }

    /** 422 for a corrupt backup (then marked CORRUPTED) or a wrong checksum file, 409 while locked, 507 no space. */
    @PostMapping("/backups/{id}/validate")
    Map<String, Object> validate(@PathVariable BackupId id, @RequestParam(defaultValue = "false") boolean deep,
            @RequestParam(defaultValue = "false") boolean trustUnsigned) {
        BackupValidator.Validation validation = validator.validate(id.toString(), deep,
                TrustOverride.of(trustUnsigned));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id.toString());
        answer.put("status", validation.manifest().status());
        answer.put("validation", validation.manifest().validation());
        answer.put("validatedAt", validation.manifest().validatedAt());
        answer.put("checks", validation.checks());
        answer.put("tookMs", validation.took().toMillis());
        return answer;
    }

    /** The CLI's options; {@code yes} is implied: the request is the confirmation. */
    /** @param mode a logical backup's restore: {@code clear-first} (default) or {@code merge} */
    /** @param trustUnsigned accept a backup this service did not sign (logged and alerted), as {@code --trust-unsigned} */
    record RestoreBody(String database, String target, Boolean promote, Boolean dryRun, Boolean noSafetyBackup,
            String mode, Boolean trustUnsigned) {
    }

    /**
     * Runs the restore in the request (minutes on a large store) and answers with its result; 422 for a
     * corrupt backup, 409 while locked, 500 with RESTORE_HEALTH_FAILED when it was rolled back.
     */
    @PostMapping("/backups/{id}/restore")
    Map<String, Object> restore(@PathVariable BackupId id, @RequestBody(required = false) RestoreBody body) {
        RestoreBody options = body != null ? body : new RestoreBody(null, null, false, false, false, null, false);
        if (options.database() != null) {
            DatabaseName.require(options.database());
        }
        RestoreResult result = restorer.restore(new RestoreRequest(id.toString(), options.database(), options.target(),
                Boolean.TRUE.equals(options.promote()), Boolean.TRUE.equals(options.dryRun()),
                !Boolean.TRUE.equals(options.noSafetyBackup()), options.mode() == null ? null
                        : LogicalImporter.Mode.parse(options.mode()),
                Boolean.TRUE.equals(options.trustUnsigned())), Confirmer.YES);
        Map<String, Object> answer = restoreAnswer(result);
        if (result.promoted() != null) {
            answer.put("promoted", restoreAnswer(result.promoted()));
        }
        return answer;
    }

    private static Map<String, Object> restoreAnswer(RestoreResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", result.id());
        answer.put("database", result.database());
        answer.put("target", result.target());
        answer.put("outcome", result.outcome().name());
        answer.put("safetyBackupId", result.safetyBackupId());
        answer.put("checks", result.checks());
        answer.put("graph", result.observed());
        answer.put("tookMs", result.took().toMillis());
        answer.put("downtimeMs", result.downtime().toMillis());
        answer.put("lines", result.lines());
        return answer;
    }

    @DeleteMapping("/backups/{id}")
    Map<String, Object> delete(@PathVariable BackupId id, @RequestParam(defaultValue = "false") boolean force) {
        long freed = operations.delete(id.toString(), force);
        return Map.of("id", id.toString(), "deleted", true, "bytesFreed", freed);
    }

    record PlannedBackup(String id, String database, Instant created, long bytes, boolean keep, List<String> reasons,
            Instant expires) {
        static PlannedBackup of(Decision d) {
            return new PlannedBackup(d.id(), d.backup().database(), d.backup().created(), d.backup().bytes(), d.keep(),
                    d.reasons(), d.expires());
        }
    }

    @GetMapping("/retention/plan")
    Map<String, Object> retentionPlan() {
        RetentionPlan plan = operations.retentionPlan();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("policy", plan.policy().describe());
        answer.put("timezone", plan.zone().getId());
        answer.put("now", plan.now());
        answer.put("keep", plan.kept().stream().map(PlannedBackup::of).toList());
        answer.put("drop", plan.dropped().stream().map(PlannedBackup::of).toList());
        answer.put("bytesFreed", plan.bytesFreed());
        answer.put("expiringSoon", plan.expiringSoon().stream().map(Decision::id).toList());
        return answer;
    }

    record PauseRequest(String reason) {
    }

    @PostMapping("/scheduler/pause")
    Map<String, Object> pause(@RequestBody(required = false) PauseRequest body) {
        String reason = body != null && body.reason() != null && !body.reason().isBlank() ? body.reason()
                : "paused over the HTTP API";
        boolean changed = pauses.pause("api", reason);
        return Map.of("paused", true, "changed", changed, "reason", pauses.current().pauseReason());
    }

    @PostMapping("/scheduler/resume")
    Map<String, Object> resume() {
        boolean changed = pauses.resume("api");
        return Map.of("paused", false, "changed", changed);
    }

    @GetMapping("/status")
    Map<String, Object> status() {
        var state = pauses.current();
        Instant now = clock.instant();
        BackupOperations.Status status = operations.status(scheduled ? RetryPolicy.nextAttempt(schedule, state, now)
                : Optional.empty());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("scheduler", !scheduled ? "disabled" : state.paused() ? "paused" : "active");
        if (!scheduled) {
            answer.put("schedulerAction", "backup.scheduler.enabled=false: no scheduled backups; set "
                    + "BACKUP_SCHEDULER_ENABLED=true and restart the service to run the schedule");
        }
        answer.put("schedule", schedule.expression());
        answer.put("scheduleDescription", schedule.description());
        answer.put("paused", state.paused());
        answer.put("pauseReason", state.pauseReason());
        answer.put("nextRun", status.nextRun().orElse(null));
        answer.put("lastResult", state.lastResult());
        answer.put("lastAttemptId", state.lastAttemptId());
        answer.put("lastErrorCode", state.lastErrorCode());
        answer.put("lastSuccessId", state.lastSuccessId());
        answer.put("lastSuccessAt", state.lastSuccessAt());
        answer.put("consecutiveFailures", state.consecutiveFailures());
        answer.put("backups", status.backups().size());
        answer.put("invalid", status.invalid().stream().map(CatalogEntry::invalidView).toList());
        List<CatalogEntry> entries = catalog.entries();
        Map<String, Object> signing = new LinkedHashMap<>();
        signing.put("keyId", catalog.signer().keyId());
        signing.put("previousKeyIds", catalog.signer().previousKeyIds());
        signing.put("unsigned", entries.stream().filter(e -> e.valid() && !e.trusted() && !e.untrusted()).count());
        signing.put("untrusted", entries.stream().filter(CatalogEntry::untrusted).count());
        answer.put("signing", signing);
        answer.put("storedBytes", status.storedBytes());
        answer.put("freeBytes", status.freeBytes());
        answer.put("recommended", status.recommended());
        answer.put("recovery", restorer.tracker().current());
        return answer;
    }
}
