package dev.neo4jbackup.backup;

import java.util.List;

import dev.neo4jbackup.domain.BackupId;

/**
 * What the run asks of the operator's hooks before it stops Neo4j; the hooks live in a package above
 * this one, which implements this (the run never knows how a hook runs).
 */
public interface RunHooks {

    /** No hooks: what the run does when none are wired (tools, tests). */
    RunHooks NONE = (request, ids) -> { };

    /**
     * Runs the pre-backup hook for each backup of the run, after the preflight checks and before Neo4j is
     * stopped. Throws a {@link dev.neo4jbackup.error.BackupFailure} (HOOK_FAILED) to abort the run.
     */
    void beforeBackup(BackupRequest request, List<BackupId> ids);
}
