package dev.neo4jbackup.error;

/**
 * Every failure an operator can meet, with the action that fixes it. The code is what alerts,
 * metrics ({@code error_code} tag) and scripts match on; the reason and numbers travel with the failure.
 */
public enum ErrorCode {
    BACKUP_NO_SPACE("Backup storage is full",
            "Free up space and retry, or configure BACKUP_STORAGE_PATH to a different location"),
    BACKUP_CORRUPTED("Checksum mismatch", "Try a different backup with its id"),
    BACKUP_SIDECAR_MISMATCH("The .sha256 checksum file disagrees with the manifest",
            "Check who changed the checksum file; write it again if the archive is the right one"),
    BACKUP_NOT_FOUND("Requested backup doesn't exist", "List available backups with `neo4j-backup list`"),
    BACKUP_INVALID("A file in the storage folder is not a trustworthy backup",
            "Inspect the file named above; remove its files with `neo4j-backup delete <id> --force`"),
    BACKUP_UNTRUSTED("The backup is not signed by this service's key (unsigned, altered or forged)",
            "Use a signed backup; if you know where this one comes from, sign it (validate --sign) or accept it once "
                    + "with --trust-unsigned"),
    STORAGE_UNSAFE("A path in the storage folder is a symbolic link or leaves the folder",
            "Remove the link named above (the tool never follows links in its storage folder) and retry"),
    OFFSITE_FAILED("A backup could not be copied to its off-site destination",
            "Check the store's address, bucket and credentials named above; the copy is queued and retried"),
    OFFSITE_CONFLICT("The off-site key already holds another backup",
            "Give each service its own prefix (backup.destinations.<name>.prefix); nothing was overwritten"),
    OFFSITE_UNKNOWN("No such off-site destination",
            "Use a name configured under backup.destinations.<name>"),
    BACKUP_LOCKED("Another backup or restore holds the storage lock",
            "Wait for it to finish; check the holder named above"),
    BACKUP_FAILED("Backup failed", "Check the log lines above and retry"),
    BACKUP_PROTECTED("Deleting it would leave the database without a backup",
            "Take a new backup first, or force the deletion"),
    CONFIRMATION_REQUIRED("The operation needs a confirmation", "Confirm on a terminal, or pass --yes"),
    RESTORE_HEALTH_FAILED("Health checks failed post-restore", "Restore a different backup"),
    RESTORE_INTERRUPTED("A restore's process died during its import (kill -9, a crash, a shutdown mid-import)",
            "Check the database named above: the start-up loaded the safety backup back "
                    + "(backup.restore.on-interrupt=rollback) or left it (leave); restore a backup if it is not what "
                    + "you need"),
    BACKUP_INTERRUPTED("A backup run's process died while it exported (kill -9, a crash)",
            "Nothing was published; the next scheduled run takes a new backup, or run one now: neo4j-backup create"),
    RESTORE_VERSION_INCOMPATIBLE("The backup was taken on a newer Neo4j than the restore target runs",
            "Upgrade the target's Neo4j to the backup's release line or newer, or restore a backup taken on the"
                    + " target's release line or an older one"),
    NEO4J_UNREACHABLE("Cannot connect to Neo4j",
            "Check that Neo4j runs and NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD are right"),
    INITIAL_RESTORE_INVALID("The bundled initial backup cannot be restored",
            "Fix or replace the file of backup.initial-restore (BACKUP_INITIALRESTORE); the service runs on without it"),
    NEO4J_ADMIN_FAILED("neo4j-admin command failed", "Check the neo4j-admin output above and Neo4j's logs"),
    NEO4J_ADMIN_MISSING("neo4j-admin not found",
            "Set NEO4J_HOME (backup.neo4j.home) to a Neo4j installation that has bin/neo4j-admin"),
    NEO4J_STOP_FAILED("Neo4j could not be stopped for the dump",
            "Check backup.neo4j.stop-command and Neo4j's logs; Neo4j was started again"),
    NEO4J_RESTART_FAILED("Neo4j did not come back after the dump",
            "Start Neo4j by hand now, then check backup.neo4j.start-command and Neo4j's logs"),
    STORAGE_NOT_WRITABLE("Backup storage is not writable",
            "Fix the permissions of BACKUP_STORAGE_PATH or point it at a writable folder"),
    CONFIG_INVALID("Configuration is invalid", "Fix the property named above"),
    BACKUP_INCONSISTENT("The logical export saw writes while it ran (backup.logical.require-consistent=true)",
            "Retry when writes are quiet (the counts and transaction ids above show what changed), or take a dump"),
    BACKUP_ANOMALY("The backup is much smaller than the previous successful one of its database",
            "Check the database for lost data (nodes, relationships) before it is the only backup left; if the drop "
                    + "is intended, the next backup compares with this one (with backup.anomaly.fail=true: take one "
                    + "with BACKUP_ANOMALY_FAIL=false neo4j-backup create)"),
    LOGICAL_FORMAT_INVALID("A logical backup's file cannot be read as JSON lines of this format",
            "Check the line named above; restore a different backup"),
    NAME_UNSAFE("A name cannot be written into a Cypher schema command safely",
            "Rename the index, constraint, label, type or property named above (backslashes, control, bidi and "
                    + "invisible characters are refused there), or take a dump backup, which copies the store as it is"),
    HOOK_FAILED("A pre-backup or pre-restore hook failed; Neo4j was not stopped",
            "Fix the hook command (backup.hooks.*) or what it checks, then retry; its output tail is above"),
    ENCRYPTION_UNAVAILABLE("The age program is not available; nothing was stopped",
            "Install the package age (apt-get install age), or set backup.encryption.age-binary to its path"),
    ENCRYPTION_KEY_MISSING("The backup is encrypted and no identity is configured to read it",
            "Set backup.encryption.identity-file (BACKUP_ENCRYPTION_IDENTITYFILE) to the age identity file of one "
                    + "of the backup's recipients"),
    ENCRYPTION_FAILED("age could not encrypt or decrypt the archive",
            "Check the age error above: a wrong identity (another key than the backup's recipients) or a damaged "
                    + "file; nothing was loaded"),
    SNAPSHOT_FAILED("A live snapshot of Neo4j's data could not be taken or released; Neo4j was not touched",
            "Check the snapshot tool's output above (btrfs, or backup.neo4j.live snapshot and release commands)"),
    SCRATCH_RECOVERY_FAILED("The scratch Neo4j could not recover the snapshot; the running Neo4j was not touched",
            "Read the scratch Neo4j's log lines above; raise the recovery timeout if it was still recovering"),
    STORE_SWAP_FAILED("The store folders could not be swapped; what was moved was moved back",
            "Check the folders named above (permissions, same filesystem) and Neo4j's data directory"),
    /** Not a failure: the service was told to stop during a run; no failure is counted or alerted. */
    SHUTDOWN("The service shut down during the run", "Nothing to do: the next start runs the schedule again");

    private final String defaultReason;
    private final String action;

    ErrorCode(String defaultReason, String action) {
        this.defaultReason = defaultReason;
        this.action = action;
    }

    public String defaultReason() {
        return defaultReason;
    }

    public String action() {
        return action;
    }
}
