package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;

/** The result for one database of a run: a published manifest, or the failure. */
public record BackupOutcome(String id, String database, Manifest manifest, BackupFailure failure) {

    public boolean ok() {
        return failure == null;
    }
}
