package dev.neo4jbackup.backup;

import java.nio.file.Path;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;

/**
 * How far one database of a run got: each stage returns the next step (an immutable record), and the
 * run's report is made of the last step of each database.
 */
sealed interface RunStep permits Planned, CaptureStage.Capture, Verified, PublishStage.Published {

    Planned planned();

    /** Its folder in .staging (null before the capture): deleted at the end unless the backup was published. */
    Path workDir();

    /** Why this database has no backup (null while it is on its way, or once published). */
    BackupFailure failure();

    /** Set once published. */
    default Manifest manifest() {
        return null;
    }

    default boolean ok() {
        return failure() == null;
    }
}
