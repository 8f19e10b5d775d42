package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.schedule.BackupScheduler.TickResult;

/**
 * The scheduler's decisions against a hand-moved clock and the real state file. The runs are
 * scripted (succeed or fail, recording the attempt in the state as the runner does); the real runner
 * against a real Neo4j is in {@link SchedulerRetryOnRealNeo4jTest}.
 */
class BackupSchedulerTest {

    @RegisterExtension
    final SchedulerFixture f = new SchedulerFixture("2026-11-25T01:00:00Z");

    final Deque<Boolean> script = new ArrayDeque<>();

    /** A run that succeeds or fails as scripted, and records itself in the state like BackupRunner. */
    RunReport scriptedRun(BackupRequest request) {
        f.ran.add(request.trigger());
        boolean ok = script.isEmpty() || script.poll();
        Instant now = f.clock.instant();
        String id = "neo4j-" + now.toString().replaceAll("[^0-9T]", "").replace('T', '-').substring(0, 15);
        BackupFailure failure = ok ? null
                : new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "The database is in use", null, "Stop it", null);
        if (ok) {
            f.state.update(s -> s.withSuccess(now, id));
        } else {
            f.state.update(s -> s.withFailure(now, id, failure.code().name(), failure.reason()));
        }
        return new RunReport(request.trigger(), now, Duration.ofSeconds(5),
                List.of(new BackupOutcome(id, "neo4j", null, failure)), null, false);
    }

    BackupScheduler scheduler(String cron, boolean runOnStart, boolean catchUp) {
        return f.scheduler(cron, this::scriptedRun, runOnStart, catchUp);
    }

    BackupScheduler daily() {
        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-24T02:00:05Z"), "neo4j-20261124-020000"));
        return scheduler("0 2 * * *", false, true);
    }

    @Test
    void runsAtTheCronTimeAndNotBefore() {
        BackupScheduler scheduler = daily();

        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T02:00:00Z"));
        f.clock.set(Instant.parse("2026-11-25T01:59:59Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.IDLE);
        f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(scheduler.tick()).isEqualTo(TickResult.IDLE);

        assertThat(f.ran).containsExactly(Trigger.SCHEDULED);
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-26T02:00:00Z"));
    }

    @Test
    void aFailureIsRetriedAfter1Then5Then30MinutesAndASuccessResetsTheSequence() {
        BackupScheduler scheduler = daily();
        script.addAll(List.of(false, false, false, true, false));

        f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T02:01:00Z"));

        f.clock.set(Instant.parse("2026-11-25T02:00:59Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.IDLE);
        f.clock.set(Instant.parse("2026-11-25T02:01:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T02:06:00Z"));

        f.clock.set(Instant.parse("2026-11-25T02:06:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T02:36:00Z"));
        assertThat(f.state.read().consecutiveFailures()).isEqualTo(3);

        f.clock.set(Instant.parse("2026-11-25T02:36:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(f.state.read().consecutiveFailures()).isZero();
        assertThat(f.state.read().nextRetryAt()).isNull();
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-26T02:00:00Z"));

        // the next failure starts the sequence again at one minute
        f.clock.set(Instant.parse("2026-11-26T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-26T02:01:00Z"));

        assertThat(f.ran).containsExactly(Trigger.SCHEDULED, Trigger.RETRY, Trigger.RETRY, Trigger.RETRY,
                Trigger.SCHEDULED);
        assertThat(f.events).filteredOn(SchedulerEvents.RetryScheduled.class::isInstance).hasSize(4);
    }

    @Test
    void aRegularTickBeforeThePendingRetryServesAsTheRetry() {
        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-25T00:00:05Z"), "neo4j-20261125-000000"));
        BackupScheduler scheduler = scheduler("0 * * * *", false, true); // hourly
        script.addAll(List.of(false, false, false, true));

        f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        scheduler.tick(); // failure 1: retry 02:01
        f.clock.set(Instant.parse("2026-11-25T02:01:00Z"));
        scheduler.tick(); // failure 2: retry 02:06
        f.clock.set(Instant.parse("2026-11-25T02:06:00Z"));
        scheduler.tick(); // failure 3: retry at 02:36 would be after... no: 02:36 is before 03:00
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T02:36:00Z"));

        // with a 30-minute retry at 02:45 the regular 03:00 tick is later: the retry wins;
        // after the 4th failure (24 h delay) the hourly tick at 04:00 comes first and runs as SCHEDULED
        script.clear();
        script.addAll(List.of(false, true));
        f.clock.set(Instant.parse("2026-11-25T02:36:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);
        assertThat(f.state.read().nextRetryAt()).isEqualTo(Instant.parse("2026-11-26T02:36:00Z"));
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-25T03:00:00Z"));
        f.clock.set(Instant.parse("2026-11-25T03:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);

        assertThat(f.ran).endsWith(Trigger.RETRY, Trigger.SCHEDULED);
        assertThat(f.state.read().nextRetryAt()).isNull();
    }

    @Test
    void fiveFailuresInARowPauseTheSchedulerWhichStaysPausedAcrossARestartUntilResumed() {
        BackupScheduler scheduler = daily();
        script.addAll(List.of(false, false, false, false, false));
        Instant[] attempts = { Instant.parse("2026-11-25T02:00:00Z"), Instant.parse("2026-11-25T02:01:00Z"),
                Instant.parse("2026-11-25T02:06:00Z"), Instant.parse("2026-11-25T02:36:00Z"),
                Instant.parse("2026-11-26T02:00:00Z") };
        List<TickResult> results = new ArrayList<>();
        for (Instant at : attempts) {
            f.clock.set(at);
            results.add(scheduler.tick());
        }

        assertThat(results).containsExactly(TickResult.RETRY_SCHEDULED, TickResult.RETRY_SCHEDULED,
                TickResult.RETRY_SCHEDULED, TickResult.RETRY_SCHEDULED, TickResult.PAUSED_NOW);
        ServiceState paused = f.state.read();
        assertThat(paused.paused()).isTrue();
        assertThat(paused.consecutiveFailures()).isEqualTo(5);
        assertThat(paused.pauseReason()).contains("5 backup failures in a row").contains("NEO4J_ADMIN_FAILED");
        SchedulerEvents.SchedulerPaused event = f.events.stream()
                .filter(SchedulerEvents.SchedulerPaused.class::isInstance).map(SchedulerEvents.SchedulerPaused.class::cast)
                .findFirst().orElseThrow();
        assertThat(event.by()).isEqualTo("scheduler");
        assertThat(event.report()).isNotNull();
        assertThat(scheduler.nextRun()).isEmpty();

        // a restart reads the pause from .state.json: no run, even days later, and no catch-up
        f.clock.set(Instant.parse("2026-11-30T02:00:00Z"));
        BackupScheduler restarted = scheduler("0 2 * * *", false, true);
        assertThat(restarted.tick()).isEqualTo(TickResult.PAUSED);
        assertThat(restarted.nextRun()).isEmpty();
        assertThat(f.ran).hasSize(5);

        // an operator resumes (the CLI does this through the same state file)
        new PauseControl(f.state, f.events::add, f.clock).resume("cli");
        assertThat(f.state.read().consecutiveFailures()).isZero();
        assertThat(restarted.nextRun()).contains(Instant.parse("2026-12-01T02:00:00Z"));
        f.clock.set(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(restarted.tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(f.events).anyMatch(e -> e instanceof SchedulerEvents.SchedulerResumed r && r.by().equals("cli"));
    }

    @Test
    void aPauseFromAnotherProcessIsHonouredAtTheNextTick() {
        BackupScheduler scheduler = daily();
        // the CLI writes the same .state.json from another process
        new PauseControl(new StateStore(f.storage), o -> { }, f.clock).pause("cli", "maintenance window");

        f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.PAUSED);
        assertThat(f.ran).isEmpty();
        assertThat(f.state.read().pauseReason()).isEqualTo("maintenance window");
    }

    @Test
    void aTickThatFindsAnotherRunHoldingTheLockIsSkippedCountedAndNotQueued() {
        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-24T02:00:05Z"), "neo4j-20261124-020000"));
        StorageLock lock = new StorageLock(f.storage);
        // the real lock, taken the way BackupRunner takes it
        BackupScheduler scheduler = f.scheduler("0 2 * * *", request -> {
            try (StorageLock.Held held = lock.acquire("scheduled backup")) {
                return scriptedRun(request);
            }
        }, false, true);

        try (StorageLock.Held manual = lock.acquire("manual backup from the CLI")) {
            f.clock.set(Instant.parse("2026-11-25T02:00:00Z"));
            assertThat(scheduler.tick()).isEqualTo(TickResult.SKIPPED_LOCKED);
        }
        f.clock.set(Instant.parse("2026-11-25T02:00:30Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.IDLE); // not queued
        assertThat(scheduler.skippedTicks()).isEqualTo(1);
        assertThat(f.events).anyMatch(e -> e instanceof SchedulerEvents.TickSkipped s
                && s.reason().contains("manual backup from the CLI"));
        assertThat(f.ran).isEmpty();
        assertThat(f.state.read().consecutiveFailures()).isZero();
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-26T02:00:00Z"));
    }

    @Test
    void catchUpAtStartWhenTheLastSuccessIsOlderThanOneInterval() {
        f.clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-24T02:00:05Z"), "neo4j-20261124-020000"));

        BackupScheduler scheduler = scheduler("0 2 * * *", false, true);

        assertThat(scheduler.nextRun()).contains(f.clock.instant());
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(f.ran).containsExactly(Trigger.CATCH_UP);
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-26T02:00:00Z"));
    }

    @Test
    void noCatchUpWhenTheLastSuccessIsRecentOrCatchUpIsOff() {
        f.clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-25T02:00:05Z"), "neo4j-20261125-020000"));
        assertThat(scheduler("0 2 * * *", false, true).tick()).isEqualTo(TickResult.IDLE);

        f.state.update(s -> s.withSuccess(Instant.parse("2026-11-20T02:00:05Z"), "neo4j-20261120-020000"));
        assertThat(scheduler("0 2 * * *", false, false).tick()).isEqualTo(TickResult.IDLE);
        assertThat(f.ran).isEmpty();
    }

    @Test
    void catchUpWhenThereWasNeverABackupAndRunOnStartAlways() {
        assertThat(scheduler("0 2 * * *", false, true).tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(f.ran).containsExactly(Trigger.CATCH_UP);

        assertThat(scheduler("0 2 * * *", true, false).tick()).isEqualTo(TickResult.RAN_OK);
        assertThat(f.ran).containsExactly(Trigger.CATCH_UP, Trigger.SCHEDULED);
    }
}
