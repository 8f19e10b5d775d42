package dev.neo4jbackup.domain;

/**
 * Why a run happened; recorded in the manifest. {@code AUTO}: the auto-backup on change found the graph grown
 * enough; {@code INITIAL}: the bundled initial backup, recorded when it was restored into an empty database.
 */
public enum Trigger {
    SCHEDULED, RETRY, CATCH_UP, MANUAL, SAFETY, AUTO, INITIAL
}
