package dev.neo4jbackup.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.archive.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessResult;

/**
 * Proves a stored backup usable without touching any database: the checksum of every byte, the
 * archive read to the end, the dump's header read by neo4j-admin, and on request ({@code deep}) Neo4j's
 * own consistency checker over the dump. A pass is recorded in the manifest (status VALIDATED).
 */
public class BackupValidator {

    private static final Logger log = LoggerFactory.getLogger(BackupValidator.class);

    private final BackupCatalog catalog;
    private final Neo4jAdmin admin;
    private final Clock clock;
    private final Duration timeout;

    public BackupValidator(BackupCatalog catalog, Neo4jAdmin admin, Clock clock, Duration timeout) {
        this.catalog = catalog;
        this.admin = admin;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** What was checked, in order; each line an operator can read. */
    public record Validation(Manifest manifest, List<String> checks, Duration took) {
    }

    /** Throws BACKUP_NOT_FOUND, BACKUP_CORRUPTED (with expected and actual) or NEO4J_ADMIN_FAILED. */
    public Validation validate(String id, boolean deep) {
        try (Prepared prepared = prepare(id, deep)) {
            return prepared.validation();
        }
    }

    /**
     * A validated backup with its dump extracted into a work folder ({@code <database>.dump} in
     * {@link #dumpDir()}), ready for {@code neo4j-admin database load}: a restore reads the archive once.
     * Closing it removes the folder.
     */
    public record Prepared(Validation validation, Path dumpDir) implements AutoCloseable {
        @Override
        public void close() {
            BackupCatalog.deleteQuietly(dumpDir);
        }
    }

    /** {@link #validate} that keeps the extracted dump for a load; the caller closes the result. */
    public Prepared prepare(String id, boolean deep) {
        BackupId.parse(id);
        Manifest manifest = catalog.require(id);
        if (deep) {
            admin.requirePresent(); // before the archive is read: --deep needs neo4j-admin (NEO4J_HOME)
        }
        long t0 = System.nanoTime();
        log.info("VALIDATE_START: {}{}", id, deep ? " (deep: consistency check)" : "");
        List<String> checks = new ArrayList<>();
        Path work = catalog.newWorkDir(BackupId.parse(id));
        boolean handedOver = false;
        try {
            Path dump = work.resolve(manifest.database() + ".dump");
            ArchiveVerifier.Result result;
            try (OutputStream out = Files.newOutputStream(dump)) {
                result = new ArchiveVerifier().verify(catalog.archivePath(manifest), manifest.compression(),
                        manifest.sha256(), out);
            } catch (NoSuchFileException e) {
                log.error("VALIDATE_FAILED: {}: archive {} missing", id, manifest.archive());
                throw corrupted("Backup validation failed: the archive " + manifest.archive() + " of " + id
                        + " is missing", null);
            }
            if (!result.ok()) {
                log.error("VALIDATE_FAILED: {}: {}", id, result.problem());
                // seed 003's wording: "Checksum mismatch!", expected and got, "appears to be corrupted on disk"
                String what = "checksum mismatch".equals(result.problem()) ? "Checksum mismatch!"
                        : "Checksum mismatch! (" + result.problem() + ")";
                throw corrupted("Backup validation failed: " + what + " This backup (" + id
                        + ") appears to be corrupted on disk", "Expected: " + result.expected() + " | Got: "
                                + result.actual());
            }
            checks.add("checksum: SHA-256 " + result.actual() + " matches");
            checks.add("archive: read to the end, " + result.uncompressedBytes() + " bytes of dump");
            if (manifest.rawBytes() > 0 && result.uncompressedBytes() != manifest.rawBytes()) {
                log.error("VALIDATE_FAILED: {}: dump size {} != manifest {}", id, result.uncompressedBytes(),
                        manifest.rawBytes());
                throw corrupted("Backup validation failed: the dump in " + id + " appears to be corrupted on disk",
                        "Expected: " + manifest.rawBytes() + " bytes | Got: " + result.uncompressedBytes() + " bytes");
            }
            String how = "checksum+header";
            if (!deep && !admin.available()) {
                // the CLI on a host with only the storage folder: the checksum and the full read still prove the
                // bytes; only neo4j-admin reads the header, and the check line says it was not read
                checks.add("header: not read: no neo4j-admin on this host (NEO4J_HOME); run validate there to "
                        + "read it");
                how = "checksum";
            } else {
                ProcessResult header = admin.loadInfo(work, manifest.database(), timeout);
                if (!header.ok()) {
                    log.error("VALIDATE_FAILED: {}: dump header unreadable: {}", id, header.tail());
                    throw corrupted("Backup validation failed: neo4j-admin cannot read the dump header of " + id
                            + ": " + header.tail(), null);
                }
                checks.add("header: " + header.summaryLine());
            }
            if (deep) {
                Path temp = Files.createDirectories(work.resolve("check-temp"));
                ProcessResult check = admin.check(manifest.database(), work, temp, timeout);
                BackupCatalog.deleteQuietly(temp);
                if (!check.ok()) {
                    log.error("VALIDATE_FAILED: {}: consistency check: {}", id, check.tail());
                    throw corrupted("Backup validation failed: the consistency check of " + id + " found problems: "
                            + check.tail(), null);
                }
                checks.add("consistency: neo4j-admin database check passed");
                how = "consistency";
            }
            Manifest validated = manifest.validated(clock.instant(), how);
            catalog.update(validated);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            log.info("VALIDATE_SUCCESS: {} ({}) in {} ms", id, how, took.toMillis());
            handedOver = true;
            return new Prepared(new Validation(validated, checks, took), work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!handedOver) {
                BackupCatalog.deleteQuietly(work);
            }
        }
    }

    /** BACKUP_CORRUPTED with seed 003's action: another backup. */
    static BackupFailure corrupted(String reason, String numbers) {
        return new BackupFailure(ErrorCode.BACKUP_CORRUPTED, reason, numbers,
                "Try a different backup with its id: neo4j-backup restore <other_id> (neo4j-backup list shows them)",
                null);
    }
}
