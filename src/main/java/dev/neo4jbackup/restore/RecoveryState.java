package dev.neo4jbackup.restore;

/**
 * The restore's recovery state machine. An operator starts a restore (RECOVERING: validate, safety
 * backup, stop, load, start); the load done, the health checks run (VALIDATION); they pass
 * (RECOVERY_SUCCESS) or fail (RECOVERY_FAILED, after the rollback). An operator who declines the
 * confirmation cancels back to NOT_RECOVERING.
 */
public enum RecoveryState {
    NOT_RECOVERING, RECOVERING, VALIDATION, RECOVERY_SUCCESS, RECOVERY_FAILED;

    /** The metric's value: 0 idle, 1 and 2 in progress, 3 success, 4 failed. */
    public int code() {
        return ordinal();
    }
}
