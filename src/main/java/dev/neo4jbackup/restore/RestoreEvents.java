package dev.neo4jbackup.restore;

import java.time.Duration;
import java.time.Instant;

import dev.neo4jbackup.error.BackupFailure;

/** What a restore tells the rest of the service; alerts listen, the restore never calls a mailer. */
public final class RestoreEvents {

    private RestoreEvents() {
    }

    public record RestoreSucceeded(String id, String database, String target, Instant at) {
    }

    /** @param nextStep what happens now, e.g. "rolled back to neo4j-...; the database holds its data" */
    public record RestoreFailed(String id, String database, String target, BackupFailure failure, String nextStep,
            Instant at) {
    }

    /**
     * Every restore or drill that was attempted (a dry run is none), once, at its end: what metrics count.
     *
     * @param kind      {@link #RESTORE} or {@link #DRILL}
     * @param failure   null unless it failed (refused, failed, rolled back)
     * @param cancelled the operator said no: nothing was done
     * @param downtime  how long the target's database was unavailable; zero when nothing was loaded
     */
    public record RestoreFinished(String id, String database, String target, String kind, BackupFailure failure,
            boolean cancelled, Duration downtime, Instant at) {

        public static final String RESTORE = "restore";
        public static final String DRILL = "drill";

        public boolean succeeded() {
            return failure == null && !cancelled;
        }
    }
}
