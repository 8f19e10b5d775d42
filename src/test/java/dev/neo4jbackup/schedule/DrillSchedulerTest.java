package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.config.ConfigInvalidException;

/** The drill's own cron schedule: runs the drill when due, again after each run, and stops with the service. */
class DrillSchedulerTest {

    @Test
    void runsTheDrillOnItsScheduleUntilStopped() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        CountDownLatch twice = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        // the drill's task scheduler as the service configures it; its shutdown is what stops the drills
        ThreadPoolTaskScheduler tasks = TaskSchedulers.oneThread("restore-drill-", false,
                ScheduleConfiguration.DRILL_END_SECONDS);
        tasks.initialize();
        AtomicReference<String> thread = new AtomicReference<>();
        DrillScheduler scheduler = new DrillScheduler(CronSchedule.parse("* * * * * *", ZoneOffset.UTC,
                clock.instant(), "backup.drill.schedule"), () -> {
                    thread.set(Thread.currentThread().getName());
                    runs.incrementAndGet();
                    twice.countDown();
                    throw new IllegalStateException("a failed drill must not end the schedule");
                }, tasks, clock);
        scheduler.start();
        try {
            assertThat(scheduler.isRunning()).isTrue();
            assertThat(scheduler.nextRun()).isPresent();
            assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            tasks.destroy();
        }
        assertThat(scheduler.isRunning()).isFalse();
        int after = runs.get();
        Thread.sleep(1500);
        assertThat(runs.get()).isEqualTo(after);
        assertThat(thread.get()).isEqualTo("restore-drill-1");
    }

    @Test
    void aBadDrillScheduleNamesItsOwnProperty() {
        try {
            CronSchedule.parse("every sunday", ZoneOffset.UTC, java.time.Instant.now(), "backup.drill.schedule");
        } catch (ConfigInvalidException e) {
            assertThat(e.property()).isEqualTo("backup.drill.schedule");
            return;
        }
        throw new AssertionError("accepted");
    }
}
