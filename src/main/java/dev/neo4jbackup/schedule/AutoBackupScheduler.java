package dev.neo4jbackup.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.TriggerContext;

/**
 * Runs the auto-backup check on its own cron ({@code backup.logical.auto.schedule}) on its own task scheduler,
 * as the drill runs: apart from the backup ticks, one check at a time, scheduled once the context has started
 * (after the start-up recovery and the initial restore). A check that finds the storage locked by a scheduled
 * run defers to the next check.
 */
final class AutoBackupScheduler implements ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(AutoBackupScheduler.class);

    private final CronSchedule schedule;
    private final Runnable check;
    private final TaskScheduler tasks;
    private final Clock clock;
    private volatile ScheduledFuture<?> checks;

    AutoBackupScheduler(CronSchedule schedule, Runnable check, TaskScheduler tasks, Clock clock) {
        this.schedule = schedule;
        this.check = check;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        start();
    }

    synchronized void start() {
        if (checks != null) {
            return;
        }
        log.info("AUTO_SCHEDULE: auto-backup check {} ({})", schedule.description(), schedule.expression());
        checks = tasks.schedule(this::runCheck, this::nextCheck);
    }

    Optional<Instant> nextRun() {
        return schedule.nextAfter(clock.instant());
    }

    private Instant nextCheck(TriggerContext context) {
        Optional<Instant> next = nextRun();
        if (next.isEmpty()) {
            return null;
        }
        Duration delay = Duration.between(clock.instant(), next.get());
        return context.getClock().instant().plus(delay.isNegative() ? Duration.ZERO : delay);
    }

    private void runCheck() {
        try {
            check.run();
        } catch (RuntimeException e) {
            log.error("AUTO_CHECK_FAILED: {}", e.toString(), e);
        }
    }

    boolean isRunning() {
        ScheduledFuture<?> current = checks;
        return current != null && !current.isDone();
    }
}
