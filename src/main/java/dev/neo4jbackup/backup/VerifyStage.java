package dev.neo4jbackup.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.VerifyMode;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jAdmin;

/**
 * Stage 4, verify, in two parts around the packaging: with {@code backup.verify.mode=consistency} Neo4j's
 * own checker over the new dump (before packaging moves or deletes it; the checksum then ties the archive
 * to it), and always the archive read back and its SHA-256 compared. A failure keeps the backup unpublished.
 */
final class VerifyStage {

    private static final Logger log = LoggerFactory.getLogger(VerifyStage.class);

    /** The consistency check's verdict: not run (checksum mode), passed, or the failure. */
    record Consistency(boolean checked, Duration took, BackupFailure failure) {
    }

    private final BackupCatalog catalog;
    private final Neo4jAdmin admin;
    private final VerifyMode mode;
    private final Compression compression;
    private final Duration checkTimeout;
    /** Neo4j starts meanwhile: the check yields to it (backup.neo4j.nice). */
    private final int nice;
    private final ArchiveVerifier verifier = new ArchiveVerifier();

    VerifyStage(BackupProperties properties, BackupCatalog catalog, Neo4jAdmin admin) {
        this.catalog = catalog;
        this.admin = admin;
        this.mode = properties.verify().mode();
        this.compression = properties.compression();
        this.checkTimeout = properties.neo4j().dumpTimeout();
        this.nice = properties.neo4j().nice();
    }

    Consistency consistency(CaptureStage.Capture capture) {
        if (mode != VerifyMode.CONSISTENCY) {
            return new Consistency(false, Duration.ZERO, null);
        }
        Timed<BackupFailure> checked = Timed.of(() -> checkConsistency(capture));
        return new Consistency(checked.value() == null, checked.took(), checked.value());
    }

    /** The archive read back to its end: what was written is what is stored. */
    Verified checksum(CaptureStage.Capture capture, PackageStage.Packed packed, Consistency consistency) {
        Timed<BackupFailure> read = Timed.of(() -> readBack(packed.result()));
        Duration took = consistency.took().plus(read.took());
        return read.value() == null ? new Verified(capture, packed.result(), consistency.checked(), took, null)
                : Verified.failed(capture, packed.result(), took, read.value());
    }

    /** Null when the check passed. */
    private BackupFailure checkConsistency(CaptureStage.Capture capture) {
        String database = capture.planned().database();
        String id = capture.planned().id().toString();
        try {
            Path temp = Files.createDirectories(capture.workDir().resolve("check-temp"));
            log.info("VERIFY_CONSISTENCY: neo4j-admin database check {} on the new dump", database);
            var check = admin.check(database, capture.workDir(), temp, checkTimeout, nice);
            BackupCatalog.deleteQuietly(temp);
            if (check.ok()) {
                log.info("VERIFY_SUCCESS: {} consistency check passed", id);
                return null;
            }
            log.error("VERIFY_FAILED: {} consistency check failed: {}", id, check.tail());
            return new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The consistency check of the new backup "
                    + id + " found problems: " + check.tail(), "Exit code: " + check.exitCode(),
                    "The backup was not published and no older backup of " + database + " is pruned; check the "
                            + "database (neo4j-admin database check) and Neo4j's logs", null);
        } catch (IOException | UncheckedIOException e) {
            return PackageStage.diskFailure(catalog, e);
        }
    }

    /** Null when the archive reads back to the checksum written. */
    private BackupFailure readBack(PackResult packed) {
        try {
            // an encrypted archive is read back as the bytes it is: its checksum needs no key, and the host has none
            ArchiveVerifier.Result check = verifier.verify(packed.archive(),
                    packed.encryption() != null ? Compression.NONE : compression, packed.sha256());
            boolean mismatch = ArchiveVerifier.CHECKSUM_MISMATCH.equals(check.problem());
            return check.ok() ? null : new BackupFailure(ErrorCode.BACKUP_CORRUPTED,
                    "The archive read back differs from what was written: " + check.problem(), mismatch ? "Expected: "
                            + check.expected() + " | Got: " + check.actual() : "Read: " + check.uncompressedBytes()
                                    + " bytes of dump",
                    "Check the storage device; the backup was not published", null);
        } catch (IOException | UncheckedIOException e) {
            return PackageStage.diskFailure(catalog, e);
        }
    }
}
