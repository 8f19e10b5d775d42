package dev.neo4jbackup.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.LayerFailed;
import dev.neo4jbackup.archive.Sealer;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.catalog.CatalogNames;

/**
 * Stage 3, package: gzip or none, the seal (age encryption, or none) and SHA-256 in one streaming pass into the
 * work folder, fsync; the dump goes.
 */
final class PackageStage {

    private static final Logger log = LoggerFactory.getLogger(PackageStage.class);

    /** The archive in .staging, or why there is none. */
    record Packed(PackResult result, BackupFailure failure) {
    }

    private final BackupCatalog catalog;
    private final Compression compression;
    private final Sealer sealer;
    private final ArchivePacker packer;
    private final ArchivePacker textPacker;

    PackageStage(BackupCatalog catalog, Compression compression) {
        this(catalog, compression, Sealer.NONE);
    }

    PackageStage(BackupCatalog catalog, Compression compression, Sealer sealer) {
        this(catalog, compression, sealer, ArchivePacker.DEFAULT_LEVEL, ArchivePacker.TEXT_LEVEL);
    }

    /** @param level gzip's level for a dump; {@code textLevel} for a logical export's JSON lines */
    PackageStage(BackupCatalog catalog, Compression compression, Sealer sealer, int level, int textLevel) {
        this.catalog = catalog;
        this.compression = compression;
        this.sealer = sealer;
        this.packer = new ArchivePacker(level);
        this.textPacker = new ArchivePacker(textLevel);
    }

    Packed pack(CaptureStage.Capture capture) {
        return pack(capture, false);
    }

    /** @param logical a logical export: {@code <id>.jsonl.gz} instead of {@code <id>.dump.gz} */
    Packed pack(CaptureStage.Capture capture, boolean logical) {
        return pack(capture, logical, null);
    }

    /** What opens a capture's bytes for the pass when they are not one plaintext file. */
    interface Source {
        java.io.InputStream open(java.nio.file.Path file) throws IOException;
    }

    /**
     * @param source null: the capture's file is packed as it is; else its bytes come from {@code source} (a logical
     *               export: the header from memory, then the body from its spool, ciphertext when encrypting)
     */
    Packed pack(CaptureStage.Capture capture, boolean logical, Source source) {
        String archiveName = CatalogNames.archiveName(capture.planned().id(), compression, logical,
                sealer != Sealer.NONE);
        ArchivePacker packer = logical ? textPacker : this.packer;
        try {
            if (compression == Compression.GZIP) {
                log.info("Compressing backup with gzip (level {}{})...", packer.level(), packer.level() == 0
                        ? ": stored blocks, the dump is Zstandard-compressed inside" : "");
            }
            PackResult packed;
            if (source == null) {
                packed = packer.pack(capture.file(), capture.workDir().resolve(archiveName), compression, sealer);
            } else {
                try (java.io.InputStream in = source.open(capture.file())) {
                    packed = packer.pack(in, capture.workDir().resolve(archiveName), compression, sealer);
                }
            }
            if (packed.encryption() != null) {
                log.info("ENCRYPTED: {} with age to {}; plaintext SHA256 {}", archiveName,
                        String.join(", ", packed.encryption().recipientFingerprints()),
                        packed.encryption().plaintextSha256());
            }
            log.info("Stored size: {} ({} of the dump's {}){}", Sizes.human(packed.storedBytes()),
                    Durations.percent(packed.ratio()), Sizes.human(packed.rawBytes()),
                    compression != Compression.GZIP ? ""
                            : packer.level() == 0 ? "; gzip's container without deflating (level 0)"
                            : "; gzip saved " + Durations.percent(1 - packed.ratio()) + " in "
                                    + Durations.seconds(packed.took()) + " s" + (logical ? ""
                                            : " (the dump is already Zstandard-compressed)"));
            log.info("Checksum SHA256: {}", packed.sha256());
            if (source != null || compression == Compression.GZIP || sealer != Sealer.NONE) {
                Files.deleteIfExists(capture.file());
            }
            return new Packed(packed, null);
        } catch (LayerFailed e) {
            log.error("ENCRYPTION_FAILED: {}: {}", capture.planned().id(), e.getMessage());
            return new Packed(null, new BackupFailure(ErrorCode.ENCRYPTION_FAILED, "Encrypting " + archiveName
                    + " with age failed: " + e.getMessage() + "; nothing was published", null, "Check "
                            + "backup.encryption.recipients (and the recipients file), and that age runs here", e));
        } catch (IOException | UncheckedIOException e) {
            return new Packed(null, diskFailure(catalog, e));
        }
    }

    /** A write into the storage folder failed: BACKUP_NO_SPACE with the numbers when the disk is full. */
    static BackupFailure diskFailure(BackupCatalog catalog, Exception e) {
        return diskFailure(catalog, e, "while packaging");
    }

    /**
     * A write into the storage folder failed {@code when} ("while packaging"): BACKUP_NO_SPACE with the free and
     * total bytes when the disk is full, else BACKUP_FAILED with the error.
     */
    static BackupFailure diskFailure(BackupCatalog catalog, Exception e, String when) {
        if (isNoSpace(e)) {
            FreeSpace space = null;
            try {
                space = FreeSpace.of(catalog.root());
            } catch (IOException ignored) {
                // the numbers are a courtesy here
            }
            return new BackupFailure(ErrorCode.BACKUP_NO_SPACE, "No space left on device " + when + " ("
                    + catalog.root() + " filesystem is full); nothing was published",
                    space == null ? null : "Available: " + Sizes.human(space.usable()) + " of "
                            + Sizes.human(space.total()), null, e);
        }
        return BackupFailure.of(ErrorCode.BACKUP_FAILED, (when.startsWith("while packaging") ? "Packaging failed: "
                : "Failed " + when + ": ") + e.getMessage(), e);
    }

    /** ENOSPC, however it was wrapped (the message of the exception or of one of its causes). */
    private static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }
}
