package dev.neo4jbackup.schedule;

import dev.neo4jbackup.testing.TestSigning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.testing.MutableClock;

/**
 * What the scheduler's tests share, fresh for each test: a storage folder with the real catalogue and state
 * file, a clock the test moves, the events the scheduler publishes, the triggers of the runs it started, and
 * schedulers wired as {@link ScheduleConfiguration} wires them, down to the task scheduler their timer runs on.
 */
final class SchedulerFixture implements BeforeEachCallback, AfterEachCallback {

    /** The default retries: after 1, 5 and 30 minutes and 24 hours; paused after five failures in a row. */
    static final RetryPolicy DEFAULTS = new RetryPolicy(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(24)), 5);
    static final Duration POLL = Duration.ofSeconds(15);

    private final String start;
    Path storage;
    MutableClock clock;
    StateStore state;
    BackupCatalog catalog;
    final List<Object> events = new ArrayList<>();
    final List<Trigger> ran = new ArrayList<>();
    private ThreadPoolTaskScheduler tasks;

    /** @param start the clock's time at the start of each test */
    SchedulerFixture(String start) {
        this.start = start;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        storage = Files.createTempDirectory("scheduler-");
        clock = MutableClock.at(start);
        catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
        state = new StateStore(storage);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (tasks != null) {
            tasks.destroy();
        }
        try (var walk = Files.walk(storage)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A scheduler over this storage, clock and event list, prepared as at start-up. */
    BackupScheduler scheduler(String cron, BackupScheduler.Runs runs, boolean runOnStart, boolean catchUp) {
        BackupScheduler scheduler = unprepared(cron, runs, events::add, runOnStart, catchUp);
        scheduler.prepare();
        return scheduler;
    }

    /** A scheduler that publishes to {@code publisher}, not yet prepared (its timer prepares it at start). */
    BackupScheduler unprepared(String cron, BackupScheduler.Runs runs, ApplicationEventPublisher publisher,
            boolean runOnStart, boolean catchUp) {
        return new BackupScheduler(CronSchedule.parse(cron, ZoneId.of("UTC"), clock.instant()), DEFAULTS, runs, state,
                catalog, publisher, clock, POLL, runOnStart, catchUp);
    }

    /** The timer of {@code scheduler} on a task scheduler configured as the service's, shut down after the test. */
    SchedulerTimer timer(BackupScheduler scheduler) {
        return new SchedulerTimer(scheduler, tasks());
    }

    /** The backup task scheduler as the service configures it. */
    ThreadPoolTaskScheduler tasks() {
        if (tasks == null) {
            tasks = TaskSchedulers.oneThread("backup-scheduler-", true,
                    ScheduleConfiguration.TICK_END_SECONDS);
            tasks.initialize();
        }
        return tasks;
    }
}
