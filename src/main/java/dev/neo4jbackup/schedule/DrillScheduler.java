package dev.neo4jbackup.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the restore drill on its own cron schedule ({@code backup.drill.schedule}), one at a time on a
 * thread of its own. A drill takes the storage lock like a run; a backup due meanwhile is refused with
 * BACKUP_LOCKED and retried by the backup scheduler.
 */
public final class DrillScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrillScheduler.class);

    private final CronSchedule schedule;
    private final Runnable drill;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public DrillScheduler(CronSchedule schedule, Runnable drill, Clock clock) {
        this.schedule = schedule;
        this.drill = drill;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "restore-drill");
            thread.setDaemon(true);
            return thread;
        });
        log.info("DRILL_SCHEDULE: restore drill {} ({})", schedule.description(), schedule.expression());
        planNext();
    }

    public Optional<Instant> nextRun() {
        return schedule.nextAfter(clock.instant());
    }

    private synchronized void planNext() {
        if (executor == null) {
            return;
        }
        Optional<Instant> next = nextRun();
        if (next.isEmpty()) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), next.get()).toMillis());
        log.info("NEXT_DRILL: {}", next.get());
        executor.schedule(() -> {
            try {
                drill.run();
            } catch (RuntimeException e) {
                log.error("DRILL_FAILED: {}", e.toString(), e);
            } finally {
                planNext();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
