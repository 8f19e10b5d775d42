package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.observe.BackupMeters;
import dev.neo4jbackup.observe.BackupView;
import dev.neo4jbackup.schedule.BackupScheduler.TickResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What a tick does when the run is long, dies, or is cut short by the shutdown: Neo4j is never stopped
 * twice in a row, an unexpected error is a failed run like any other, and a shutdown is no failure.
 * Against a hand-moved clock and the real state file; the runs are scripted.
 */
class SchedulerTickSafetyTest {

    @RegisterExtension
    final SchedulerFixture f = new SchedulerFixture("2026-11-25T01:00:30Z");

    @BeforeEach
    void lastSuccessAMinuteAgo() {
        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-25T01:00:05Z"), "neo4j-20261125-010000"));
    }

    /** A run that takes {@code took} on the clock and ends as {@code outcome} says. */
    BackupScheduler.Runs runs(Duration took, Function<Instant, RunReport> outcome) {
        return new BackupScheduler.Runs() {
            @Override
            public RunReport run(BackupRequest request) {
                f.ran.add(request.trigger());
                Instant started = f.clock.instant();
                f.clock.advance(took);
                return outcome.apply(started);
            }

            @Override
            public List<String> idsFor(BackupRequest request) {
                return List.of("neo4j-20261125-010100");
            }
        };
    }

    RunReport succeeded(Instant started) {
        String id = "neo4j-20261125-010100";
        f.state.update(s -> s.withSuccess(f.clock.instant(), id));
        return new RunReport(Trigger.SCHEDULED, started, Duration.between(started, f.clock.instant()),
                List.of(new BackupOutcome(id, "neo4j", null, null)), null, false);
    }

    BackupScheduler scheduler(String cron, BackupScheduler.Runs runs) {
        return f.scheduler(cron, runs, false, true);
    }

    @Test
    void ticksThatFellDueDuringARunAreSkippedAndTheNextRunIsTheFirstTickAfterItsEnd() {
        // every minute, and a run that takes 2.5 minutes (Neo4j stopped for most of it)
        BackupScheduler scheduler = scheduler("* * * * *", runs(Duration.ofSeconds(150), this::succeeded));

        f.clock.set(Instant.parse("2026-11-25T01:01:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);

        // the run ended at 01:03:30; the ticks of 01:02 and 01:03 are not made up for straight away
        assertThat(f.clock.instant()).isEqualTo(Instant.parse("2026-11-25T01:03:30Z"));
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T01:04:00Z"));
        assertThat(scheduler.nextRun().orElseThrow()).isAfter(f.clock.instant());
        assertThat(scheduler.tick()).isEqualTo(TickResult.IDLE);
        assertThat(f.ran).hasSize(1);
        assertThat(scheduler.skippedTicks()).isEqualTo(2);
        assertThat(f.events).filteredOn(SchedulerEvents.TickSkipped.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((SchedulerEvents.TickSkipped) e).reason())
                        .contains("2 scheduled tick(s) from 2026-11-25T01:02:00Z")
                        .contains("run started at 2026-11-25T01:01:00Z was in progress"));

        f.clock.set(Instant.parse("2026-11-25T01:04:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(f.ran).hasSize(2);
    }

    @Test
    void aFailedLongRunIsRetriedFromItsEndAndNotFromTheSkippedTicks() {
        BackupScheduler scheduler = scheduler("*/2 * * * *", runs(Duration.ofSeconds(200), started -> {
            BackupFailure failure = new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "The database is in use");
            f.state.update(s -> s.withFailure(f.clock.instant(), "neo4j-20261125-010200", failure.code().name(),
                    failure.reason()));
            return new RunReport(Trigger.SCHEDULED, started, Duration.ofSeconds(200),
                    List.of(new BackupOutcome("neo4j-20261125-010200", "neo4j", null, failure)), null, false);
        }));

        f.clock.set(Instant.parse("2026-11-25T01:02:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);

        // ended 01:05:20: the 01:04 tick is skipped; the retry is one minute after the end
        assertThat(f.state.read().nextRetryAt()).isEqualTo(Instant.parse("2026-11-25T01:06:20Z"));
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T01:06:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.IDLE);
        assertThat(scheduler.skippedTicks()).isEqualTo(1);
    }

    @Test
    void aRunThatDiesOfAnUnexpectedErrorIsAFailedRunCountedAlertedMeasuredAndRetried() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMeters meters = new BackupMeters(registry, new BackupView(List.of("neo4j"), f.catalog::list, f.state::read,
                Optional::empty, f.clock, Duration.ofMinutes(5)), () -> 1e9).register();
        List<Object> published = new ArrayList<>();
        BackupScheduler scheduler = f.unprepared("0 2 * * *", runs(Duration.ofSeconds(3), started -> {
            throw new NullPointerException("Cannot invoke \"String.equals(Object)\" because \"database\" is null");
        }), event -> {
            published.add(event);
            if (event instanceof BackupEvents.BackupFailed failed) {
                meters.onFailed(failed); // what Spring's multicaster does for the meters
            }
        }, false, true);
        scheduler.prepare();

        f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);

        assertThat(f.state.read().consecutiveFailures()).isEqualTo(1);
        assertThat(f.state.read().lastErrorCode()).isEqualTo("BACKUP_FAILED");
        assertThat(f.state.read().lastError()).contains("unexpected error").contains("NullPointerException");
        assertThat(f.state.read().nextRetryAt()).isEqualTo(Instant.parse("2026-11-25T02:01:03Z"));
        assertThat(published).filteredOn(BackupEvents.BackupFailed.class::isInstance).singleElement()
                .satisfies(e -> {
                    BackupEvents.BackupFailed failed = (BackupEvents.BackupFailed) e;
                    assertThat(failed.database()).isEqualTo("neo4j");
                    assertThat(failed.failure().code()).isEqualTo(ErrorCode.BACKUP_FAILED);
                });
        // the alert's event carries the run, so the mail names the database and the failure
        assertThat(published).filteredOn(SchedulerEvents.RetryScheduled.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((SchedulerEvents.RetryScheduled) e).report().firstFailure())
                        .hasValueSatisfying(f -> assertThat(f.reason()).contains("NullPointerException")));
        assertThat(registry.get("neo4j.backup.runs").tags("database", "neo4j", "result", "failure", "error_code",
                "BACKUP_FAILED").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRunCutShortByTheShutdownIsNoFailureAndIsNotRetried() {
        BackupScheduler scheduler = scheduler("0 2 * * *", runs(Duration.ofSeconds(2), started -> {
            BackupFailure shutdown = new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down");
            return new RunReport(Trigger.SCHEDULED, started, Duration.ofSeconds(2),
                    List.of(new BackupOutcome("neo4j-20261125-020000", "neo4j", null, shutdown)), shutdown, false);
        }));

        f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.SHUTDOWN);

        assertThat(f.state.read().consecutiveFailures()).isZero();
        assertThat(f.state.read().nextRetryAt()).isNull();
        assertThat(f.events).noneMatch(e -> e instanceof SchedulerEvents.RetryScheduled
                || e instanceof SchedulerEvents.SchedulerPaused || e instanceof BackupEvents.BackupFailed);
    }

    @Test
    void stoppingTheSchedulerLetsTheRunInProgressEndUninterrupted() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<String> thread = new AtomicReference<>();
        BackupScheduler scheduler = f.unprepared("0 2 * * *", runs(Duration.ZERO, started -> {
            thread.set(Thread.currentThread().getName());
            inRun.countDown();
            try {
                // an interrupt here is what killed the dump ("interrupted") or failed the state write
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return succeeded(started);
        }), f.events::add, true, false);
        SchedulerTimer timer = f.timer(scheduler);
        timer.start();
        assertThat(inRun.await(10, TimeUnit.SECONDS)).isTrue();

        // the service's shutdown: the timer stops first, then the task scheduler's own shutdown (its destroy)
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            timer.stop();
            f.tasks().destroy();
        });
        Thread.sleep(300);
        assertThat(stop).as("stop waits for the tick").isNotDone();
        release.countDown();
        stop.get(10, TimeUnit.SECONDS);

        assertThat(interrupted).isFalse();
        assertThat(f.state.read().lastResult()).isEqualTo("SUCCESS");
        assertThat(timer.isRunning()).isFalse();
        assertThat(thread.get()).as("the run's thread, as a thread dump names it").isEqualTo("backup-scheduler-1");
    }
}
