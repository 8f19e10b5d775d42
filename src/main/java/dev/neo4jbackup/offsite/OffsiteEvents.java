package dev.neo4jbackup.offsite;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.neo4jbackup.error.BackupFailure;

/** What the off-site copies tell the rest of the service (alerts, metrics) as Spring application events. */
public final class OffsiteEvents {

    private OffsiteEvents() {
    }

    /** A backup's archive, sidecar and manifest are in the destination. */
    public record Delivered(String destination, String id, String database, long bytes, Duration took, Instant at) {
    }

    /**
     * An upload failed and stays queued: the local backup is untouched.
     *
     * @param attempts      attempts of the queue so far
     * @param nextAttemptAt when the queue tries it again
     */
    public record Failed(String destination, String id, String database, BackupFailure failure, int attempts,
            Instant nextAttemptAt, Instant at) {
    }

    /** The destination's retention deleted these backups (whole: manifest first). */
    public record Pruned(String destination, String database, List<String> ids, Instant at) {
    }
}
