package dev.neo4jbackup.schedule;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;

/**
 * Service mode: runs {@link BackupRunner} on the cron schedule, retries failed runs with backoff,
 * pauses after too many failures in a row.
 * <p>
 * All decisions are taken in {@link #tick()}, against the injected clock and the state file, so that
 * tests drive the scheduler without waiting and a pause or resume from the CLI (another process,
 * same {@code .state.json}) is seen at the next tick. The {@link SchedulerTimer} only calls {@code tick()}
 * when something is due, and at least every {@code poll} to notice such outside changes
 * ({@link #untilNextTick()}).
 */
public class BackupScheduler {

    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);

    /**
     * Starts one run and returns its report; throws {@link BackupFailure} BACKUP_LOCKED when another run
     * holds the storage. In the service this is {@link BackupRunner#run}.
     */
    @FunctionalInterface
    public interface Runs {
        RunReport run(BackupRequest request);

        /** The ids a request will get: what a run that dies before it reports is recorded under. */
        default List<String> idsFor(BackupRequest request) {
            return List.of();
        }

        /** The service's runs. */
        static Runs of(BackupRunner runner) {
            return new Runs() {
                @Override
                public RunReport run(BackupRequest request) {
                    return runner.run(request);
                }

                @Override
                public List<String> idsFor(BackupRequest request) {
                    return runner.idsFor(request);
                }
            };
        }
    }

    /** What one tick did, for tests and the log. */
    public enum TickResult {
        IDLE, RAN_OK, RAN_FAILED, RETRY_SCHEDULED, PAUSED_NOW, PAUSED, SKIPPED_LOCKED,
        /** The service's shutdown cut the run short: not a failure, nothing retried. */
        SHUTDOWN
    }

    private final CronSchedule schedule;
    private final RetryPolicy retry;
    private final Runs runner;
    private final StateStore state;
    private final BackupCatalog catalog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration poll;
    private final boolean runOnStart;
    private final boolean catchUp;

    private final AtomicLong skippedTicks = new AtomicLong();
    private volatile Instant nextTick;
    private volatile Trigger startRun;

    public BackupScheduler(CronSchedule schedule, RetryPolicy retry, Runs runner, StateStore state,
            BackupCatalog catalog, ApplicationEventPublisher events, Clock clock, Duration poll, boolean runOnStart,
            boolean catchUp) {
        this.schedule = schedule;
        this.retry = retry;
        this.runner = runner;
        this.state = state;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
        this.poll = poll;
        this.runOnStart = runOnStart;
        this.catchUp = catchUp;
    }

    // --- decisions ----------------------------------------------------------------------------------------------

    /** Start-up: the next regular tick, and whether to run once now (run-on-start, catch-up). */
    public void prepare() {
        Instant now = clock.instant();
        nextTick = schedule.nextAfter(now).orElse(null);
        ServiceState current = state.read();
        log.info("Backup scheduler started");
        log.info("Schedule: {} ({}), retries after {}, pause after {} failures in a row", schedule.expression(),
                schedule.description(), retry.delays().stream().map(Durations::compact).toList(),
                retry.pauseAfter());
        if (current.paused()) {
            log.warn("CRITICAL: scheduler is PAUSED since {} ({}). No scheduled backup runs until an operator "
                    + "resumes it: neo4j-backup resume", current.pausedAt(), current.pauseReason());
            return;
        }
        Optional<Instant> lastSuccess = lastSuccess(current);
        if (runOnStart) {
            startRun = Trigger.SCHEDULED;
            log.info("Run on start: a backup runs now (backup.run-on-start=true)");
        } else if (catchUp && nextTick != null) {
            Duration interval = schedule.intervalAfter(now);
            if (lastSuccess.isEmpty()) {
                startRun = Trigger.CATCH_UP;
                log.info("CATCH_UP: no successful backup yet; one runs now");
            } else if (Duration.between(lastSuccess.get(), now).compareTo(interval) > 0) {
                startRun = Trigger.CATCH_UP;
                log.info("CATCH_UP: the last successful backup ({}) is older than one schedule interval ({}); "
                        + "one runs now", lastSuccess.get(), Durations.compact(interval));
            }
        }
        log.info("Next backup: {}", startRun != null ? "now (" + startRun.name().toLowerCase() + ")"
                : nextRun().map(Instant::toString).orElse("none"));
    }

    private Optional<Instant> lastSuccess(ServiceState current) {
        if (current.lastSuccessAt() != null) {
            return Optional.of(current.lastSuccessAt());
        }
        // a state file lost or older than the backups: the catalogue knows
        return catalog.successes().stream().map(Manifest::created).max(Comparator.naturalOrder());
    }

    /** Decides and, when something is due, runs it (in the calling thread). */
    public synchronized TickResult tick() {
        Instant now = clock.instant();
        ServiceState current = state.read();
        if (current.paused()) {
            // ticks while paused are dropped, not saved up for the resume
            advanceTickPast(now);
            return TickResult.PAUSED;
        }
        Trigger trigger = null;
        if (startRun != null) {
            trigger = startRun;
        } else if (nextTick != null && !nextTick.isAfter(now)) {
            trigger = Trigger.SCHEDULED;
        } else if (current.nextRetryAt() != null && !current.nextRetryAt().isAfter(now)) {
            trigger = Trigger.RETRY;
        }
        if (trigger == null) {
            return TickResult.IDLE;
        }
        startRun = null;
        // a run now stands for every tick up to now: missed ticks are not queued
        advanceTickPast(now);
        BackupRequest request = BackupRequest.of(trigger, null);
        RunReport report;
        try {
            report = runner.run(request);
        } catch (BackupFailure failure) {
            if (failure.code() == ErrorCode.BACKUP_LOCKED) {
                long skipped = skippedTicks.incrementAndGet();
                log.warn("TICK_SKIPPED: {} run not started: {} (skipped so far: {})",
                        trigger.name().toLowerCase(), failure.reason(), skipped);
                events.publishEvent(new SchedulerEvents.TickSkipped(failure.reason(), failure.reason(), now));
                logNext();
                return TickResult.SKIPPED_LOCKED;
            }
            // the run could not even begin (storage not writable): a failure like any other
            return afterFailure(diedBeforeReport(request, now, failure), failure);
        } catch (RuntimeException | OutOfMemoryError unexpected) {
            // a bug or an unforeseen input (an oversized file read whole) must not end scheduled backups
            // silently: a failed run like any other
            log.error("BACKUP_FAILED: the {} run died of an unexpected error: {}", trigger.name().toLowerCase(),
                    unexpected.toString(), unexpected);
            BackupFailure failure = BackupFailure.of(ErrorCode.BACKUP_FAILED, "The run died of an unexpected "
                    + "error: " + unexpected, unexpected);
            skipTicksMissedDuring(trigger, now);
            return afterFailure(diedBeforeReport(request, now, failure), failure);
        }
        skipTicksMissedDuring(trigger, now);
        if (report.abortedByShutdown()) {
            log.info("SHUTDOWN: the {} run was cut short by the shutdown; not counted as a failure, not retried",
                    trigger.name().toLowerCase());
            return TickResult.SHUTDOWN;
        }
        if (report.ok()) {
            logNext();
            return TickResult.RAN_OK;
        }
        return afterFailure(report, report.firstFailure().orElseThrow());
    }

    /**
     * A run that threw instead of reporting: recorded as the runner records a failure (state, events for
     * metrics and alerts), so that it is counted, alerted and retried. Null when the ids are unknown.
     */
    private RunReport diedBeforeReport(BackupRequest request, Instant started, BackupFailure failure) {
        Instant at = clock.instant();
        List<String> ids = runner.idsFor(request);
        try {
            state.update(s -> s.withFailure(at, ids.isEmpty() ? "-" : String.join(", ", ids), failure.code().name(),
                    failure.reason()));
        } catch (UncheckedIOException unwritable) {
            // STORAGE_NOT_WRITABLE itself: the state cannot be written either; the alert and the metric still go out
            log.warn("Cannot record the failure in .state.json: {}", unwritable.getMessage());
        }
        if (ids.isEmpty()) {
            return null;
        }
        List<BackupOutcome> outcomes = new ArrayList<>();
        for (String id : ids) {
            String database = BackupId.parse(id).database();
            outcomes.add(new BackupOutcome(id, database, null, failure));
            BackupRunner.logFailure(id, failure);
            events.publishEvent(new BackupEvents.BackupFailed(id, database, request.trigger(), failure, at));
        }
        RunReport report = new RunReport(request.trigger(), started, Duration.between(started, at), outcomes, failure,
                false);
        events.publishEvent(new BackupEvents.RunFinished(report));
        return report;
    }

    /**
     * Ticks that fell due while the run was in progress are skipped, never started straight after it:
     * Neo4j is not stopped twice in a row, and the next run is the first tick after the end of this one.
     */
    private void skipTicksMissedDuring(Trigger trigger, Instant started) {
        Instant end = clock.instant();
        if (nextTick == null || nextTick.isAfter(end)) {
            return;
        }
        Instant first = nextTick;
        int missed = 0;
        for (Instant t = first; t != null && !t.isAfter(end) && missed < 100_000;
                t = schedule.nextAfter(t).orElse(null)) {
            missed++;
        }
        advanceTickPast(end);
        long skipped = skippedTicks.addAndGet(missed);
        String reason = missed + " scheduled tick(s) from " + first + " fell due while the " + trigger.name()
                .toLowerCase() + " run started at " + started + " was in progress (it ended at " + end + ")";
        log.warn("TICK_SKIPPED: {}; not started after it, so Neo4j is not stopped twice in a row (skipped so far: "
                + "{})", reason, skipped);
        events.publishEvent(new SchedulerEvents.TickSkipped(reason, "this service's " + trigger.name().toLowerCase()
                + " run", end));
    }

    private TickResult afterFailure(RunReport report, BackupFailure failure) {
        Instant now = clock.instant();
        int failures = state.read().consecutiveFailures();
        RetryPolicy.Decision decision = retry.afterFailures(failures, now);
        if (decision.pause()) {
            String reason = failures + " backup failures in a row; last: " + failure.code() + ": " + failure.reason();
            state.update(s -> s.withPause(now, reason));
            log.error("CRITICAL: SCHEDULER_PAUSED: {}. No scheduled backup runs until an operator resumes it "
                    + "(neo4j-backup resume, or POST /api/scheduler/resume)", reason);
            events.publishEvent(new SchedulerEvents.SchedulerPaused(report, failures, reason, "scheduler", now));
            return TickResult.PAUSED_NOW;
        }
        state.update(s -> s.withNextRetryAt(decision.retryAt()));
        Instant next = nextRun().orElse(decision.retryAt());
        log.warn("RETRY_SCHEDULED: failure {} of {} before pause; retry at {} (in {}){}", failures, retry.pauseAfter(),
                decision.retryAt(), Durations.compact(decision.delay()),
                next.isBefore(decision.retryAt()) ? "; the regular run at " + next + " comes first" : "");
        events.publishEvent(new SchedulerEvents.RetryScheduled(report, failures, decision.retryAt(), next));
        logNext();
        return TickResult.RETRY_SCHEDULED;
    }

    private void advanceTickPast(Instant now) {
        while (nextTick != null && !nextTick.isAfter(now)) {
            nextTick = schedule.nextAfter(now).orElse(null);
        }
    }

    private void logNext() {
        log.info("NEXT_BACKUP: {}", nextRun().map(Instant::toString).orElse("none (paused)"));
    }

    /** The next attempt (regular tick or retry, whichever is first); empty while paused. */
    public Optional<Instant> nextRun() {
        ServiceState current = state.read();
        if (startRun != null && !current.paused()) {
            return Optional.of(clock.instant());
        }
        return RetryPolicy.nextAttempt(Optional.ofNullable(nextTick), current.nextRetryAt(), current.paused());
    }

    public CronSchedule schedule() {
        return schedule;
    }

    public long skippedTicks() {
        return skippedTicks.get();
    }

    /**
     * How long the timer may wait before the next tick: until the next run is due, and no longer than
     * {@code poll}, so that a pause, a resume or a retry written by another process is seen.
     */
    public Duration untilNextTick() {
        Instant now = clock.instant();
        Duration wait = nextRun().map(next -> Duration.between(now, next)).filter(d -> d.compareTo(poll) < 0)
                .orElse(poll);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
