package dev.neo4jbackup.backup;

import java.nio.file.Path;
import java.time.Duration;

import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.error.BackupFailure;

/**
 * Stages 3 and 4 of one database: its archive in .staging, packaged and proven (checksum read back,
 * and the consistency check when configured), or why not.
 *
 * @param packed   null when the consistency check or the packaging failed
 * @param verifyTook the checksum re-read plus the consistency check
 */
record Verified(CaptureStage.Capture capture, PackResult packed, boolean consistencyChecked, Duration verifyTook,
        BackupFailure failure) implements RunStep {

    static Verified failed(CaptureStage.Capture capture, PackResult packed, Duration verifyTook,
            BackupFailure failure) {
        return new Verified(capture, packed, false, verifyTook, failure);
    }

    @Override
    public Planned planned() {
        return capture.planned();
    }

    @Override
    public Path workDir() {
        return capture.workDir();
    }
}
