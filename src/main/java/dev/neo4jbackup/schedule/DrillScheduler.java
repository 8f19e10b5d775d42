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
 * Runs the restore drill on its own cron schedule ({@code backup.drill.schedule}), one at a time on the
 * drill's task scheduler. A drill takes the storage lock like a run; a backup due meanwhile is refused with
 * BACKUP_LOCKED and retried by the backup scheduler.
 * <p>
 * Scheduled once the context has started (as Spring's own {@code @Scheduled} is), so that no drill can take
 * the storage lock before the start-up recovery has had it. No stop of its own: the drill's task scheduler
 * ends it when the context closes.
 */
final class DrillScheduler implements ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DrillScheduler.class);

    private final CronSchedule schedule;
    private final Runnable drill;
    private final TaskScheduler tasks;
    private final Clock clock;
    private volatile ScheduledFuture<?> drills;

    public DrillScheduler(CronSchedule schedule, Runnable drill, TaskScheduler tasks, Clock clock) {
        this.schedule = schedule;
        this.drill = drill;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** A child context (a separate management port) refreshes too: the drill is scheduled once. */
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        start();
    }

    synchronized void start() {
        if (drills != null) {
            return;
        }
        log.info("DRILL_SCHEDULE: restore drill {} ({})", schedule.description(), schedule.expression());
        drills = tasks.schedule(this::runDrill, this::nextDrill);
    }

    public Optional<Instant> nextRun() {
        return schedule.nextAfter(clock.instant());
    }

    /** Asked by Spring after each drill: the next one is planned from its end. */
    private Instant nextDrill(TriggerContext context) {
        Optional<Instant> next = nextRun();
        if (next.isEmpty()) {
            return null;
        }
        log.info("NEXT_DRILL: {}", next.get());
        Duration delay = Duration.between(clock.instant(), next.get());
        return context.getClock().instant().plus(delay.isNegative() ? Duration.ZERO : delay);
    }

    private void runDrill() {
        try {
            drill.run();
        } catch (RuntimeException e) {
            log.error("DRILL_FAILED: {}", e.toString(), e);
        }
    }

    /** Scheduled and not ended by the task scheduler's shutdown. */
    public boolean isRunning() {
        ScheduledFuture<?> current = drills;
        return current != null && !current.isDone();
    }
}
