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
 * A job on a cron schedule of its own, one run at a time on its own task scheduler, apart from the backup
 * ticks: the restore drill and the auto-backup check. Scheduled once the context has started (as Spring's own
 * {@code @Scheduled} is), so that no job can take the storage lock before the start-up recovery has had it;
 * a child context (a separate management port) refreshes too, and the job is scheduled once. No stop of its
 * own: its task scheduler ends it when the context closes.
 */
class CronJob implements ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(CronJob.class);

    /**
     * What the log lines say: {@code SCHEDULE: <what> ...}, {@code NEXT: <instant>} (null: not logged) and
     * {@code FAILED: <exception>}, e.g. DRILL_SCHEDULE, NEXT_DRILL, DRILL_FAILED.
     */
    record LogKeys(String what, String schedule, String next, String failed) {
    }

    private final CronSchedule schedule;
    private final Runnable job;
    private final TaskScheduler tasks;
    private final Clock clock;
    private final LogKeys keys;
    private volatile ScheduledFuture<?> runs;

    CronJob(CronSchedule schedule, Runnable job, TaskScheduler tasks, Clock clock, LogKeys keys) {
        this.schedule = schedule;
        this.job = job;
        this.tasks = tasks;
        this.clock = clock;
        this.keys = keys;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        start();
    }

    synchronized void start() {
        if (runs != null) {
            return;
        }
        log.info("{}: {} {} ({})", keys.schedule(), keys.what(), schedule.description(), schedule.expression());
        runs = tasks.schedule(this::runOnce, this::nextRun);
    }

    public Optional<Instant> nextRun() {
        return schedule.nextAfter(clock.instant());
    }

    /** Asked by Spring after each run: the next one is planned from its end. */
    private Instant nextRun(TriggerContext context) {
        Optional<Instant> next = nextRun();
        if (next.isEmpty()) {
            return null;
        }
        if (keys.next() != null) {
            log.info("{}: {}", keys.next(), next.get());
        }
        // the schedule's clock may be a test's; Spring's trigger wants its own
        Duration delay = Duration.between(clock.instant(), next.get());
        return context.getClock().instant().plus(delay.isNegative() ? Duration.ZERO : delay);
    }

    private void runOnce() {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.error("{}: {}", keys.failed(), e.toString(), e);
        }
    }

    /** Scheduled and not ended by the task scheduler's shutdown. */
    public boolean isRunning() {
        ScheduledFuture<?> current = runs;
        return current != null && !current.isDone();
    }
}
