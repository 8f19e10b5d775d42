package dev.neo4jbackup.restore;

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
}
