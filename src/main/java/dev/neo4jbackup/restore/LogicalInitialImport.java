package dev.neo4jbackup.restore;

import java.nio.file.Path;

/**
 * The seam for a bundled initial backup that is a logical export (JSON lines): the logical import restores it
 * into the empty database. {@link InitialRestore} has checked the file (checksum, a JSON first line) and that
 * the database holds no data; the implementation imports it and checks the result, or throws a
 * {@code BackupFailure}, which InitialRestore logs and alerts. No implementation in a build without the logical kind: such a file is then refused.
 */
public interface LogicalInitialImport {

    /** @return the restore's result (outcome RESTORED when the import and its checks passed) */
    RestoreResult importInto(BundledBackup.Checked file, String database);

    /** For the log and the alert: where this build stands. */
    static String missing(Path file) {
        return file.getFileName() + " is a logical export, and this build has no logical import";
    }
}
