package dev.neo4jbackup.restore;

import java.time.Instant;

/**
 * Where the last (or the running) restore is, kept in {@code .restore.json} in the storage folder so
 * that the service shows what a CLI restore did, and a restart does not forget a failure.
 *
 * @param target  {@code primary} or the name of a {@code backup.restore.targets} entry
 * @param since   when this state was entered
 * @param message one line an operator reads: the step, the failed check, the rollback
 */
public record RecoveryStatus(RecoveryState state, String backupId, String database, String target,
        Instant startedAt, Instant since, String message, String safetyBackupId) {

    public static final RecoveryStatus IDLE = new RecoveryStatus(RecoveryState.NOT_RECOVERING, null, null, null, null,
            null, "no restore yet", null);

    public RecoveryStatus {
        state = state == null ? RecoveryState.NOT_RECOVERING : state;
    }

    /** One line for `status` and the log. */
    public String describe() {
        if (backupId == null) {
            return state + (message != null ? " (" + message + ")" : "");
        }
        return state + ": " + backupId + " into " + database + " on " + target + (since != null ? " at " + since : "")
                + (message != null ? " (" + message + ")" : "");
    }
}
