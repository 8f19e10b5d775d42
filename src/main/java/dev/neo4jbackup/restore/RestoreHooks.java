package dev.neo4jbackup.restore;

/**
 * What a restore asks of the operator's hooks before anything is stopped or loaded; implemented in a
 * package above this one.
 */
public interface RestoreHooks {

    /** No hooks: what the restore does when none are wired (tools, tests). */
    RestoreHooks NONE = (id, database, target) -> { };

    /**
     * Runs the pre-restore hook; throws a {@link dev.neo4jbackup.error.BackupFailure} (HOOK_FAILED) to refuse
     * the restore before the safety backup and the load.
     */
    void beforeRestore(String id, String database, String target);
}
