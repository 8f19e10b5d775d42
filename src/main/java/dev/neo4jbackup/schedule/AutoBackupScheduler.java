package dev.neo4jbackup.schedule;

import java.time.Clock;

import org.springframework.scheduling.TaskScheduler;

/**
 * Runs the auto-backup check on its own cron ({@code backup.logical.auto.schedule}) on its own task scheduler,
 * as the drill runs: apart from the backup ticks, one check at a time, scheduled once the context has started
 * (after the start-up recovery and the initial restore). A check that finds the storage locked by a scheduled
 * run defers to the next check.
 */
final class AutoBackupScheduler extends CronJob {

    AutoBackupScheduler(CronSchedule schedule, Runnable job, TaskScheduler tasks, Clock clock) {
        super(schedule, job, tasks, clock, new LogKeys("auto-backup check", "AUTO_SCHEDULE", null,
                "AUTO_CHECK_FAILED"));
    }
}
