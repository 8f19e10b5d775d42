package dev.neo4jbackup.schedule;

import java.time.Clock;

import org.springframework.scheduling.TaskScheduler;

/**
 * Runs the restore drill on its own cron schedule ({@code backup.drill.schedule}), one at a time on the
 * drill's task scheduler. A drill takes the storage lock like a run; a backup due meanwhile is refused with
 * BACKUP_LOCKED and retried by the backup scheduler.
 * <p>
 * Scheduled once the context has started (as Spring's own {@code @Scheduled} is), so that no drill can take
 * the storage lock before the start-up recovery has had it. No stop of its own: the drill's task scheduler
 * ends it when the context closes.
 */
final class DrillScheduler extends CronJob {

    public DrillScheduler(CronSchedule schedule, Runnable job, TaskScheduler tasks, Clock clock) {
        super(schedule, job, tasks, clock, new LogKeys("restore drill", "DRILL_SCHEDULE", "NEXT_DRILL",
                "DRILL_FAILED"));
    }
}
