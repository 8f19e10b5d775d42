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
        BackupId.parse(id);
        Manifest manifest = catalog.require(id);
        long t0 = System.nanoTime();
        log.info("VALIDATE_START: {}{}", id, deep ? " (deep: consistency check)" : "");
        List<String> checks = new ArrayList<>();
        Path work = catalog.newWorkDir(BackupId.parse(id));
        try {
            Path dump = work.resolve(manifest.database() + ".dump");
            ArchiveVerifier.Result result;
            try (OutputStream out = Files.newOutputStream(dump)) {
                result = new ArchiveVerifier().verify(catalog.archivePath(manifest), manifest.compression(),
                        manifest.sha256(), out);
            } catch (NoSuchFileException e) {
                throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive " + manifest.archive()
                        + " of " + id + " is missing", null, "Use a different backup (neo4j-backup list)", null);
            }
            if (!result.ok()) {
                log.error("VALIDATE_FAILED: {}: {}", id, result.problem());
                throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "Checksum validation failed for " + id + ": "
                        + result.problem(), "Expected: " + result.expected() + " | Got: " + result.actual(),
                        "Use a different backup (neo4j-backup list); this one cannot be restored", null);
            }
            checks.add("checksum: SHA-256 " + result.actual() + " matches");
            checks.add("archive: read to the end, " + result.uncompressedBytes() + " bytes of dump");
            if (manifest.rawBytes() > 0 && result.uncompressedBytes() != manifest.rawBytes()) {
                throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The dump in " + id + " has "
                        + result.uncompressedBytes() + " bytes, the manifest says " + manifest.rawBytes(), null,
                        "Use a different backup (neo4j-backup list)", null);
            }
            ProcessResult header = admin.loadInfo(work, manifest.database(), timeout);
            if (!header.ok()) {
                throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "neo4j-admin cannot read the dump header of "
                        + id + ": " + header.tail(), null, "Use a different backup (neo4j-backup list)", null);
            }
            checks.add("header: " + header.summaryLine());
            String how = "checksum+header";
            if (deep) {
                Path temp = Files.createDirectories(work.resolve("check-temp"));
                ProcessResult check = admin.check(manifest.database(), work, temp, timeout);
                if (!check.ok()) {
                    throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The consistency check of " + id
                            + " found problems: " + check.tail(), null,
                            "Use a different backup (neo4j-backup list)", null);
                }
                checks.add("consistency: neo4j-admin database check passed");
                how = "consistency";
            }
            Manifest validated = manifest.validated(clock.instant(), how);
            catalog.update(validated);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            log.info("VALIDATE_SUCCESS: {} ({}) in {} ms", id, how, took.toMillis());
            return new Validation(validated, checks, took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BackupCatalog.deleteQuietly(work);
        }
    }
}
