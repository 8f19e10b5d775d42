package dev.neo4jbackup.restore;

import java.util.Locale;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.logical.LogicalImporter;

/**
 * One restore as an operator asks for it (CLI and HTTP alike).
 *
 * @param database     the database to load into; null: the one the backup was taken of
 * @param target       a {@code backup.restore.targets} name; null or {@code primary}: the primary Neo4j
 * @param promote      after the target passed its checks, restore the same backup into the primary
 * @param dryRun       validate and say what would happen; nothing is stopped or loaded
 * @param safetyBackup back up the primary's database first (a safety backup), and roll back to it on failure
 * @param mode         a logical backup's restore: clear-first (null too) or merge; a dump is always loaded whole
 * @param trustUnsigned the operator accepts a backup this service did not sign ({@code --trust-unsigned}; logged
 *                      and alerted); without it such a backup is refused with BACKUP_UNTRUSTED
 */
public record RestoreRequest(String id, String database, String target, boolean promote, boolean dryRun,
        boolean safetyBackup, LogicalImporter.Mode mode, boolean trustUnsigned) {

    public RestoreRequest(String id, String database, String target, boolean promote, boolean dryRun,
            boolean safetyBackup, LogicalImporter.Mode mode) {
        this(id, database, target, promote, dryRun, safetyBackup, mode, false);
    }

    public RestoreRequest(String id, String database, String target, boolean promote, boolean dryRun,
            boolean safetyBackup) {
        this(id, database, target, promote, dryRun, safetyBackup, null);
    }

    public RestoreRequest {
        database = database == null || database.isBlank() ? null : database.trim().toLowerCase(Locale.ROOT);
        target = target == null || target.isBlank() ? BackupProperties.Restore.PRIMARY : target.trim();
        if (promote && isPrimary(target)) {
            throw new IllegalArgumentException("--promote needs --target: the backup is first restored and checked on "
                    + "another instance, then promoted to the primary");
        }
    }

    public static RestoreRequest of(String id) {
        return new RestoreRequest(id, null, null, false, false, true);
    }

    static boolean isPrimary(String target) {
        return target == null || BackupProperties.Restore.PRIMARY.equals(target);
    }
}
