package dev.neo4jbackup.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * How a run starts and ends, told to the operator and the rest of the service: the ids and BACKUP_START
 * lines, then the report, one line per failed backup, the state file (the failure streak, the last
 * success), and the events alerts and metrics listen to.
 */
final class RunRecorder {

    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

    private final BackupCatalog catalog;
    private final StateStore state;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunRecorder(BackupCatalog catalog, StateStore state, ApplicationEventPublisher events, Clock clock) {
        this.catalog = catalog;
        this.state = state;
        this.events = events;
        this.clock = clock;
    }

    /** Each database gets its id (unique even for two runs within one second), a BACKUP_START line and event. */
    List<Planned> start(BackupRequest request, List<String> databases, Instant started) {
        List<Planned> planned = new ArrayList<>();
        for (String database : databases) {
            BackupId id = BackupId.of(database, started);
            while (catalog.exists(id)) {
                id = BackupId.of(database, id.created().plusSeconds(1));
            }
            planned.add(new Planned(id, database));
            log.info("BACKUP_START: {} (trigger={}{})", id, request.trigger().name().toLowerCase(Locale.ROOT),
                    request.reason() == null ? "" : ", reason=" + request.reason());
            events.publishEvent(new BackupEvents.BackupStarted(id.toString(), database, request.trigger(), started));
        }
        return List.copyOf(planned);
    }

    /** Each database's outcome from its last step; the work folders of what was not published are deleted. */
    RunReport report(BackupRequest request, Instant started, Duration took, List<? extends RunStep> steps,
            BackupFailure runFailure) {
        List<BackupOutcome> outcomes = new ArrayList<>();
        for (RunStep step : steps) {
            BackupFailure failure = step.failure() != null ? step.failure()
                    : step.manifest() == null && !request.dryRun() ? runFailure : null;
            if (failure == null && step.manifest() == null && !request.dryRun()) {
                failure = new BackupFailure(ErrorCode.BACKUP_FAILED, "No backup was published");
            }
            if (step.workDir() != null && step.manifest() == null) {
                BackupCatalog.deleteQuietly(step.workDir());
            }
            outcomes.add(new BackupOutcome(step.planned().id().toString(), step.planned().database(),
                    step.manifest(), failure));
        }
        return new RunReport(request.trigger(), started, took, outcomes, runFailure, request.dryRun());
    }

    void record(BackupRequest request, RunReport report) {
        Instant now = clock.instant();
        if (!request.dryRun()) {
            for (BackupOutcome outcome : report.outcomes()) {
                if (outcome.ok()) {
                    events.publishEvent(new BackupEvents.BackupSucceeded(outcome.manifest(), request.trigger()));
                } else if (outcome.failure().code() == ErrorCode.SHUTDOWN) {
                    // not a failure: no alert, no failure count, no error metric
                    log.warn("SHUTDOWN: backup {} not taken: {}", outcome.id(), outcome.failure().reason());
                } else {
                    BackupRunner.logFailure(outcome.id(), outcome.failure());
                    events.publishEvent(new BackupEvents.BackupFailed(outcome.id(), outcome.database(),
                            request.trigger(), outcome.failure(), now));
                }
            }
            if (report.ok()) {
                state.update(s -> s.withSuccess(now, report.ids()));
            } else if (report.abortedByShutdown()) {
                List<String> published = report.outcomes().stream().filter(BackupOutcome::ok).map(BackupOutcome::id)
                        .toList();
                if (!published.isEmpty()) {
                    state.update(s -> s.withSuccess(now, String.join(", ", published)));
                }
            } else {
                BackupFailure first = report.firstFailure().orElseThrow();
                state.update(s -> s.withFailure(now, report.ids(), first.code().name(), first.reason()));
            }
        } else if (report.failure() != null) {
            BackupRunner.logFailure(report.ids(), report.failure());
        }
        events.publishEvent(new BackupEvents.RunFinished(report));
    }
}
