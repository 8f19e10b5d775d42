package dev.neo4jbackup.schedule;

import java.time.Instant;

import dev.neo4jbackup.backup.RunReport;

/** What the scheduler tells the rest of the service (alerts, metrics) as Spring application events. */
public final class SchedulerEvents {

    private SchedulerEvents() {
    }

    /**
     * A scheduled run failed and will be tried again.
     *
     * @param nextAttemptAt the earlier of the retry and the next regular tick
     */
    public record RetryScheduled(RunReport report, int consecutiveFailures, Instant retryAt, Instant nextAttemptAt) {
    }

    /**
     * The scheduler stopped taking backups until an operator resumes it: CRITICAL.
     *
     * @param report the run that made the streak long enough, or null when an operator paused it
     * @param by     "scheduler" after repeated failures, else who paused it (cli, api)
     */
    public record SchedulerPaused(RunReport report, int consecutiveFailures, String reason, String by, Instant at) {
    }

    public record SchedulerResumed(String by, Instant at) {
    }

    /** A tick came while another run held the storage lock: skipped, not queued. */
    public record TickSkipped(String reason, String holder, Instant at) {
    }
}
