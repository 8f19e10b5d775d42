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
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.Opener;
import dev.neo4jbackup.crypt.Encryption;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.catalog.PrivateFiles;
import dev.neo4jbackup.catalog.SpaceCheck;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.signing.Trust;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.logical.LogicalHeader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessResult;

/**
 * Proves a stored backup usable without touching any database: the checksum of every byte, the
 * archive read to the end, the sidecar agreeing with the manifest, the dump's header read by neo4j-admin,
 * and on request ({@code deep}) Neo4j's own consistency checker over the dump. A pass is recorded in the
 * manifest (status VALIDATED); a checksum mismatch too (status CORRUPTED, with what was found), so that
 * retention, health and metrics stop trusting the backup.
 * <p>
 * A validation holds the storage lock (it rewrites the manifest, and must not read an archive a prune is
 * deleting); a second one, or one during a backup or restore, is refused with BACKUP_LOCKED naming the
 * holder rather than queued: the operator sees at once who has the storage. The dump is extracted into a
 * work folder of its own under {@code .staging/}, never shared with a run or another validation.
 */
public class BackupValidator {

    private static final Logger log = LoggerFactory.getLogger(BackupValidator.class);
    static final String BY_VALIDATE = "validate";
    static final String BY_RESTORE = "restore";
    static final String BY_DRILL = "drill";

    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final Neo4jAdmin admin;
    private final Clock clock;
    private final Duration timeout;
    /** Opens encrypted archives ({@code backup.encryption.identity-file}); null where no identity is configured. */
    private final Opener opener;

    public BackupValidator(BackupCatalog catalog, StorageLock lock, Neo4jAdmin admin, Clock clock, Duration timeout) {
        this(catalog, lock, admin, clock, timeout, null);
    }

    /** @param opener the opener of encrypted archives, or null: they are then checked by their checksum only */
    public BackupValidator(BackupCatalog catalog, StorageLock lock, Neo4jAdmin admin, Clock clock, Duration timeout,
            Opener opener) {
        this.opener = opener;
        this.catalog = catalog;
        this.lock = lock;
        this.admin = admin;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Encrypted backups can be opened here (an identity is configured). */
    public boolean opensEncrypted() {
        return opener != null;
    }

    /** What was checked, in order; each line an operator can read. */
    public record Validation(Manifest manifest, List<String> checks, Duration took) {
    }

    /**
     * Takes the storage lock and validates. Throws BACKUP_NOT_FOUND, BACKUP_LOCKED, BACKUP_CORRUPTED (with
     * expected and actual), BACKUP_SIDECAR_MISMATCH, BACKUP_NO_SPACE or NEO4J_ADMIN_FAILED.
     */
    public Validation validate(String id, boolean deep) {
        return validate(id, deep, TrustOverride.NONE);
    }

    /**
     * {@link #validate(String, boolean)} of a backup this service may not have signed: refused with
     * BACKUP_UNTRUSTED before its archive is read, unless {@code trust} accepts it (the operator's
     * {@code --trust-unsigned}, logged and alerted).
     */
    public Validation validate(String id, boolean deep, TrustOverride trust) {
        catalog.require(id);
        try (StorageLock.Held held = lock.acquire("validate " + id)) {
            sweepLeftovers();
            try (Prepared prepared = prepare(id, deep, held, BY_VALIDATE, trust)) {
                return prepared.validation();
            }
        }
    }

    /**
     * {@code validate --sign}: an operator vouches for a backup this service did not sign (written before signing
     * existed, by hand, with a lost key) or signed with a previous key. The full validation runs first (the archive
     * read, decrypted when encrypted, the dump's header); only a pass is signed with the current key, logged
     * ({@code BACKUP_SIGNED: ...}). An encrypted backup needs the identity: its plaintext's checksum is part of
     * what is signed.
     */
    public Validation sign(String id, boolean deep) {
        Manifest before = catalog.require(id);
        if (before.encrypted() && opener == null) {
            log.error("ENCRYPTION_KEY_MISSING: {} is encrypted; no backup.encryption.identity-file (validate --sign)",
                    id);
            throw Encryption.keyMissing(before, "check its plaintext before signing it");
        }
        try (StorageLock.Held held = lock.acquire("validate --sign " + id)) {
            Trust was = catalog.entry(BackupId.parse(id)).map(CatalogEntry::trust).orElseThrow();
            try (Prepared prepared = prepare(id, deep, held, BY_VALIDATE, TrustOverride.ACCEPTED)) {
                Validation validation = prepared.validation();
                Manifest signed = catalog.sign(validation.manifest());
                log.warn("BACKUP_SIGNED: {} signed with key {} by the operator (validate --sign) after the validation "
                        + "passed ({}); it was {}", id, signed.signature().keyId(), signed.validation(),
                        was.describe());
                List<String> checks = new ArrayList<>(validation.checks());
                checks.add("signature: signed with key " + signed.signature().keyId() + " (was " + was.describe()
                        + ")");
                return new Validation(signed, checks, validation.took());
            }
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

    /**
     * {@link #validate} inside an operation that already holds the storage lock (a restore, a drill), which
     * keeps the extracted dump for a load; the caller closes the result.
     *
     * @param held    the caller's hold on the storage lock (a restore must not be refused by its own lock)
     * @param foundBy what is validating ("validate", "restore", "drill"): recorded with a corruption
     */
    public Prepared prepare(String id, boolean deep, StorageLock.Held held, String foundBy) {
        return prepare(id, deep, held, foundBy, TrustOverride.NONE);
    }

    /**
     * {@link #prepare(String, boolean, StorageLock.Held, String)}; a backup this service did not sign is refused
     * (BACKUP_UNTRUSTED) before its archive is read, unless {@code trust} accepts it.
     */
    public Prepared prepare(String id, boolean deep, StorageLock.Held held, String foundBy, TrustOverride trust) {
        java.util.Objects.requireNonNull(held, "the storage lock must be held");
        Manifest manifest = catalog.requireTrusted(id, trust, foundBy);
        String missing = ManifestNumbers.missing(manifest);
        if (missing != null) {
            // the checks after a restore compare with these numbers: without them they would pass by omission
            log.error("VALIDATE_FAILED: {}: {}", id, missing);
            ManifestNumbers.requireNumbers(manifest);
        }
        // without the identity an encrypted backup's checksum can be checked, nothing that needs its dump
        boolean sealedShut = manifest.encrypted() && opener == null;
        if (sealedShut && (deep || !BY_VALIDATE.equals(foundBy))) {
            log.error("ENCRYPTION_KEY_MISSING: {} is encrypted; no backup.encryption.identity-file ({})", id, foundBy);
            throw Encryption.keyMissing(manifest, deep ? "run the consistency check (--deep) on its dump"
                    : BY_DRILL.equals(foundBy) ? "drill it" : "restore it");
        }
        if (deep) {
            admin.requirePresent(); // before the archive is read: --deep needs neo4j-admin (NEO4J_HOME)
        }
        long t0 = System.nanoTime();
        log.info("VALIDATE_START: {}{} ({})", id, deep ? " (deep: consistency check)" : "", foundBy);
        List<String> checks = new ArrayList<>();
        Path work = newWorkDir(foundBy, id);
        boolean handedOver = false;
        try {
            if (!sealedShut) {
                requireSpace(manifest, work);
            }
            Path dump = work.resolve(manifest.database() + (manifest.logicalExport() ? ".jsonl" : ".dump"));
            ArchiveVerifier.Result result;
            // the dump in plaintext (decrypted when the backup is sealed): 0600 from its creation, in a 0700 folder
            try (OutputStream out = sealedShut ? OutputStream.nullOutputStream() : PrivateFiles.create(dump)) {
                // encrypted without the identity: the ciphertext's bytes are what is checked
                result = sealedShut
                        ? new ArchiveVerifier().verify(catalog.archivePath(manifest), Compression.NONE,
                                manifest.sha256(), out)
                        : new ArchiveVerifier().verify(catalog.archivePath(manifest), manifest.compression(),
                                manifest.sha256(), out, manifest.encrypted() ? opener : null);
            } catch (NoSuchFileException e) {
                log.error("VALIDATE_FAILED: {}: archive {} missing", id, manifest.archive());
                throw corrupted(manifest, "Backup validation failed: the archive " + manifest.archive() + " of " + id
                        + " is missing", null);
            } catch (ArchiveVerifier.DumpWriteFailed e) {
                throw noSpaceWhileExtracting(manifest, work, e);
            }
            if (result.layerFailed() != null) {
                // the ciphertext matches its checksum: the key is wrong (or age is), the backup is not damaged
                log.error("ENCRYPTION_FAILED: {}: {}", id, result.layerFailed());
                throw new BackupFailure(ErrorCode.ENCRYPTION_FAILED, "Cannot decrypt " + id + " with the "
                        + opener.describe() + ": " + result.layerFailed() + "; the encrypted file matches its "
                        + "checksum, so the backup is intact and nothing was loaded", "Recipients: "
                        + String.join(", ", manifest.encryption().recipientFingerprints()), "Point "
                                + "backup.encryption.identity-file at the identity of one of the backup's recipients "
                                + "(age-keygen -y <file> | sha256sum: the first 16 digits are its fingerprint)", null);
            }
            if (!result.ok()) {
                log.error("VALIDATE_FAILED: {}: {}", id, result.problem());
                boolean mismatch = ArchiveVerifier.CHECKSUM_MISMATCH.equals(result.problem());
                // the bytes match their checksum but do not read to their end (a file cut short before it was
                // hashed): what was found is the damage, not a second copy of the same checksum
                String got = mismatch ? result.actual() : result.problem();
                // remembered: from now on list, retention, health and metrics see a corrupted backup
                catalog.update(manifest.corrupted(clock.instant(), result.expected(), got, foundBy));
                log.error("BACKUP_CORRUPTED: {} marked CORRUPTED (found by {}; expected {}, got {})", id, foundBy,
                        result.expected(), got);
                if (!mismatch) {
                    throw corrupted(manifest, "Backup validation failed: the archive of " + id + " is damaged: "
                            + result.problem() + ". Its bytes match their checksum, so it was damaged before the "
                            + "checksum was taken; this backup appears to be corrupted on disk", "Read: "
                                    + result.uncompressedBytes() + " bytes of dump" + (manifest.rawBytes() > 0
                                            ? " | Expected: " + manifest.rawBytes() + " bytes" : ""));
                }
                // the documented wording: "Checksum mismatch!", expected and got, "appears to be corrupted on disk"
                throw corrupted(manifest, "Backup validation failed: Checksum mismatch! This backup (" + id
                        + ") appears to be corrupted on disk", "Expected: " + result.expected() + " | Got: "
                                + result.actual());
            }
            checks.add("checksum: SHA-256 " + result.actual() + " matches");
            if (manifest.encrypted() && !sealedShut) {
                String plain = manifest.encryption().plaintextSha256();
                if (!plain.equals(result.plainSha256())) {
                    log.error("VALIDATE_FAILED: {}: decrypted SHA-256 {} != manifest {}", id, result.plainSha256(),
                            plain);
                    throw corrupted(manifest, "Backup validation failed: the decrypted archive of " + id
                            + " is not the one the backup wrote (plaintext checksum mismatch)", "Expected: " + plain
                                    + " | Got: " + result.plainSha256());
                }
                checks.add("decrypted: with the " + opener.describe() + ", plaintext SHA-256 " + plain + " matches");
            }
            if (sealedShut) {
                checks.add("archive: encrypted (age, to " + String.join(", ",
                        manifest.encryption().recipientFingerprints()) + "); not decrypted: no "
                        + "backup.encryption.identity-file here");
            } else {
                checks.add("archive: read to the end, " + result.uncompressedBytes() + " bytes of dump");
            }
            checks.add("sidecar: " + checkSidecar(manifest));
            if (!sealedShut && manifest.rawBytes() > 0 && result.uncompressedBytes() != manifest.rawBytes()) {
                log.error("VALIDATE_FAILED: {}: dump size {} != manifest {}", id, result.uncompressedBytes(),
                        manifest.rawBytes());
                throw corrupted(manifest, "Backup validation failed: the dump in " + id
                        + " appears to be corrupted on disk", "Expected: " + manifest.rawBytes() + " bytes | Got: "
                                + result.uncompressedBytes() + " bytes");
            }
            String how = "checksum+header";
            if (sealedShut) {
                checks.add("header: not read: the backup is encrypted and this host has no identity to open it "
                        + "(backup.encryption.identity-file)");
                how = "checksum";
            } else if (manifest.logicalExport()) {
                // no neo4j-admin for JSON lines: the header line is read here (its schema checked against the
                // allow-list, its numbers against the manifest's), and --deep has no dump to check
                LogicalHeader.Header header;
                try {
                    header = LogicalHeader.read(dump);
                } catch (LogicalHeader.NotAHeader notOurs) {
                    log.error("VALIDATE_FAILED: {}: {}", id, notOurs.reason());
                    throw corrupted(manifest, "Backup validation failed: the logical backup " + id + " has no valid "
                            + "header line: " + notOurs.reason(), null);
                } catch (BackupFailure refused) {
                    log.error("VALIDATE_FAILED: {}: [{}] {}", id, refused.code(), refused.reason());
                    throw refused;
                }
                try {
                    ManifestNumbers.require(manifest, header);
                } catch (BackupFailure refused) {
                    log.error("VALIDATE_FAILED: {}: [{}] {}", id, refused.code(), refused.reason());
                    throw refused;
                }
                checks.add("header: " + header.summary());
                checks.add("manifest: counts and content fingerprint " + header.fingerprint() + " as in the file");
                deep = false;
            } else if (!deep && !admin.available()) {
                // the CLI on a host with only the storage folder: the checksum and the full read still prove the
                // bytes; only neo4j-admin reads the header, and the check line says it was not read
                checks.add("header: not read: no neo4j-admin on this host (NEO4J_HOME); run validate there to "
                        + "read it");
                how = "checksum";
            } else {
                ProcessResult header = admin.loadInfo(work, manifest.database(), timeout);
                if (!header.ok()) {
                    requireNoSpaceProblem(header, manifest, work);
                    log.error("VALIDATE_FAILED: {}: dump header unreadable: {}", id, header.tail());
                    throw corrupted(manifest, "Backup validation failed: neo4j-admin cannot read the dump header of "
                            + id + ": " + header.tail(), null);
                }
                checks.add("header: " + header.summaryLine());
            }
            if (deep) {
                Path temp = Files.createDirectories(work.resolve("check-temp"));
                ProcessResult check = admin.check(manifest.database(), work, temp, timeout);
                BackupCatalog.deleteQuietly(temp);
                if (!check.ok()) {
                    requireNoSpaceProblem(check, manifest, work);
                    log.error("VALIDATE_FAILED: {}: consistency check: {}", id, check.tail());
                    throw corrupted(manifest, "Backup validation failed: the consistency check of " + id
                            + " found problems: " + check.tail(), null);
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
            if (isNoSpace(e, work)) {
                throw noSpaceWhileExtracting(manifest, work, e);
            }
            throw new UncheckedIOException(e);
        } finally {
            if (!handedOver) {
                BackupCatalog.deleteQuietly(work);
            }
        }
    }

    /**
     * The work folders a killed validation, restore or drill left in {@code .staging} (an extracted, maybe decrypted,
     * dump in each) are removed before this one extracts anything: they are this class's own (named
     * {@code <foundBy>-<id>-...}), and a live one holds the storage lock this validation holds now. A run's folder
     * is left to the start-up recovery.
     */
    private void sweepLeftovers() {
        catalog.requireSafeStaging();
        Path staging = catalog.root().resolve(CatalogNames.STAGING);
        List<Path> left = new ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(staging)) {
            entries.filter(p -> LEFTOVER.matcher(p.getFileName().toString()).matches()).forEach(left::add);
        } catch (IOException | UncheckedIOException e) {
            return; // nothing to sweep (no staging yet), or it cannot be listed: the extraction below says so
        }
        left.forEach(BackupCatalog::deleteQuietly);
        if (!left.isEmpty()) {
            log.warn("STAGING_SWEPT: removed {} item(s) an interrupted validation, restore or drill left in "
                    + "{}/.staging (extracted or decrypted dumps): {}", left.size(), catalog.root(),
                    left.stream().map(p -> p.getFileName().toString()).toList());
        }
    }

    /** A work folder of {@link #newWorkDir}: {@code validate-neo4j-20261201-020000-123456789}. */
    private static final java.util.regex.Pattern LEFTOVER = java.util.regex.Pattern.compile("(" + BY_VALIDATE + "|"
            + BY_RESTORE + "|" + BY_DRILL + ")-[a-z0-9._-]+-\\d{8}-\\d{6}-\\d+");

    /** A folder of this validation's own: a concurrent run or validation of the same id never shares it. */
    private Path newWorkDir(String foundBy, String id) {
        catalog.prepare();
        try {
            return Files.createTempDirectory(catalog.root().resolve(CatalogNames.STAGING), foundBy + "-" + id + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + catalog.root().resolve(CatalogNames.STAGING), e);
        }
    }

    /** The dump is extracted before it is checked: refuse up front when it cannot fit (the manifest knows its size). */
    private void requireSpace(Manifest manifest, Path work) throws IOException {
        // no minimum share here: the dump is deleted again after the check
        SpaceCheck check = FreeSpace.of(work).check(manifest.rawBytes(), 0);
        Optional<BackupFailure> refusal = check.refusal(work.getParent(), "to extract the dump of " + manifest.id()
                + " for checking" + NOT_DAMAGED, "after extracting the dump of " + manifest.id(), action(work));
        if (refusal.isPresent()) {
            log.error("BACKUP_NO_SPACE: {}: extracting needs {} in {}, {} available", manifest.id(),
                    Sizes.human(manifest.rawBytes()), work.getParent(), Sizes.human(check.usable()));
            throw refusal.get();
        }
    }

    private BackupFailure noSpaceWhileExtracting(Manifest manifest, Path work, IOException e) {
        long available = usable(work);
        log.error("BACKUP_NO_SPACE: {}: no space left while extracting into {} ({})", manifest.id(),
                work.getParent(), e.getMessage());
        return noSpace(manifest, work, "No space left on device while extracting the dump of " + manifest.id()
                + " into " + work.getParent() + " (" + e.getMessage() + ")", available);
    }

    /** neo4j-admin writes into the work folder too (header scratch, consistency-check temp files). */
    private void requireNoSpaceProblem(ProcessResult result, Manifest manifest, Path work) {
        if (String.valueOf(result.tail()).contains("No space left on device")) {
            log.error("BACKUP_NO_SPACE: {}: neo4j-admin ran out of space in {}", manifest.id(), work);
            throw noSpace(manifest, work, "No space left on device while neo4j-admin checked the dump of "
                    + manifest.id() + " in " + work.getParent(), usable(work));
        }
    }

    /** A full disk is not corruption: its own code, the numbers, and the backup left as it was. */
    private static BackupFailure noSpace(Manifest manifest, Path work, String reason, long available) {
        return new BackupFailure(ErrorCode.BACKUP_NO_SPACE, reason + NOT_DAMAGED,
                SpaceCheck.numbers(manifest.rawBytes(), available), action(work), null);
    }

    private static final String NOT_DAMAGED = "; the backup itself was not found damaged";

    private static String action(Path work) {
        return "Free up space on the filesystem of " + work.getParent()
                + " (the dump is extracted there to be checked), then retry";
    }

    private static boolean isNoSpace(IOException e, Path work) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return usable(work) < 64 * 1024;
    }

    private static long usable(Path work) {
        try {
            return FreeSpace.of(work.getParent()).usable();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The {@code .sha256} sidecar must name this backup's archive and hold the manifest's hash: it is what
     * {@code sha256sum -c} and other tools trust. Called once the archive matched the manifest, so a
     * disagreement means the sidecar is wrong, not the data.
     */
    private String checkSidecar(Manifest manifest) throws IOException {
        String archive = CatalogNames.archiveName(manifest);
        Path sidecar = catalog.sidecarPath(manifest);
        String text;
        try {
            text = Files.readString(sidecar);
        } catch (NoSuchFileException e) {
            throw sidecarMismatch(manifest, sidecar, "is missing", "(no file)");
        }
        ChecksumLine line;
        try {
            line = ChecksumLine.parse(text);
        } catch (IllegalArgumentException e) {
            throw sidecarMismatch(manifest, sidecar, "is not a sha256sum line", text.strip());
        }
        if (!line.fileName().equals(archive)) {
            throw sidecarMismatch(manifest, sidecar, "names " + line.fileName() + ", not the archive " + archive,
                    line.sha256() + "  " + line.fileName());
        }
        if (!line.sha256().equals(manifest.sha256())) {
            throw sidecarMismatch(manifest, sidecar, "holds another hash than the manifest",
                    line.sha256() + "  " + line.fileName());
        }
        return sidecar.getFileName() + " names " + archive + " with the manifest's hash";
    }

    private static BackupFailure sidecarMismatch(Manifest manifest, Path sidecar, String what, String got) {
        String archive = CatalogNames.archiveName(manifest);
        String expected = manifest.sha256() + "  " + archive;
        log.error("BACKUP_SIDECAR_MISMATCH: {}: {} {}", manifest.id(), sidecar.getFileName(), what);
        return new BackupFailure(ErrorCode.BACKUP_SIDECAR_MISMATCH, "The checksum file " + sidecar.getFileName()
                + " of " + manifest.id() + " " + what + "; the archive itself matches its manifest",
                "Expected: " + expected + " | Got: " + got, "Check who changed " + sidecar + "; if the archive is "
                        + "the right one, write the line again: echo '" + expected + "' > " + sidecar
                        + ", then validate again", null);
    }

    /** BACKUP_CORRUPTED; the action names the newest valid other backup of the database, or says there is none. */
    BackupFailure corrupted(Manifest manifest, String reason, String numbers) {
        Optional<Manifest> other = newestValidOther(manifest);
        String action = other.map(m -> "Try a different backup: neo4j-backup restore " + m.id() + " (the newest "
                + "valid backup of " + manifest.database() + ", taken " + m.created() + "; neo4j-backup list shows "
                + "the others)").orElse("Try a different backup: there is none, no other valid backup of "
                        + manifest.database() + " is stored; take a new one now: neo4j-backup create");
        return new BackupFailure(ErrorCode.BACKUP_CORRUPTED, reason, numbers, action, null);
    }

    private Optional<Manifest> newestValidOther(Manifest manifest) {
        try {
            return catalog.successes().stream()
                    .filter(m -> m.database().equals(manifest.database()) && !m.id().equals(manifest.id()))
                    .reduce((older, newer) -> newer);
        } catch (RuntimeException e) {
            // the refusal matters more than its suggestion
            log.warn("cannot list the other backups of {} ({})", manifest.database(), e.toString());
            return Optional.empty();
        }
    }
}
