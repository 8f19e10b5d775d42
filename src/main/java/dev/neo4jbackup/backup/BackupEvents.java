package dev.neo4jbackup.backup;

import java.time.Instant;
import java.util.List;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;

/**
 * What a run tells the rest of the service (alerts, metrics, scheduler) as Spring application events.
 * The pipeline never calls a mailer or a meter itself: they listen.
 */
public final class BackupEvents {

    private BackupEvents() {
    }

    public record BackupStarted(String id, String database, Trigger trigger, Instant at) {
    }

    public record BackupSucceeded(Manifest manifest, Trigger trigger) {
    }

    public record BackupFailed(String id, String database, Trigger trigger, BackupFailure failure, Instant at) {
    }

    /** Neo4j did not answer after the dump: CRITICAL, whatever happened to the backups. */
    public record Neo4jRestartFailed(BackupFailure failure, Instant at) {
    }

    /**
     * A previous process stopped Neo4j and died before starting it; this one started it.
     *
     * @param crashedRun  which process that was ("pid 4242 on host-a"), or null
     * @param endedChild  the process of the crashed run that was still running and was ended first (e.g.
     *                    "neo4j-admin database dump neo4j (pid 4300)"), or null
     */
    public record Neo4jRecoveredAfterCrash(Instant stoppedAt, boolean answered, Instant at, String crashedRun,
            String endedChild) {

        public Neo4jRecoveredAfterCrash(Instant stoppedAt, boolean answered, Instant at) {
            this(stoppedAt, answered, at, null, null);
        }
    }

    public record RunFinished(RunReport report) {
    }

    /**
     * A backup much smaller than the previous successful one of its database and kind (BACKUP_ANOMALY).
     *
     * @param failed backup.anomaly.fail: the backup was not published and its run failed; else it was kept, flagged
     */
    public record BackupAnomaly(String id, String database, Manifest.Anomaly anomaly, boolean failed, Instant at) {
    }

    /** Retention deleted these backups of one database (archive, sidecar and manifest each). */
    public record BackupsPruned(String database, List<String> ids, long bytesFreed, Instant at) {
    }
}
