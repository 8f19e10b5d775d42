package dev.neo4jbackup.offsite;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.catalog.SpaceCheck;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;

/**
 * One backup of this service fetched from a destination into the storage folder, verified before it is published
 * there: the remote manifest checked like a local one and its signature through the catalogue's trust gate
 * (BACKUP_UNTRUSTED before anything is downloaded, unless the operator's override accepts it); the archive's size
 * against the free space first (BACKUP_NO_SPACE), then at most the manifest's {@code storedBytes} downloaded into
 * {@code .staging}; its SHA-256 and size, and the sidecar, must agree with the manifest (BACKUP_CORRUPTED, nothing
 * published). A verified backup is published like a new one; one already in the folder with the same checksum is
 * kept as it is.
 */
final class RemoteFetch {

    private static final Logger log = LoggerFactory.getLogger(RemoteFetch.class);

    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final Clock clock;

    RemoteFetch(BackupCatalog catalog, StorageLock lock, Clock clock) {
        this.catalog = catalog;
        this.lock = lock;
        this.clock = clock;
    }

    Manifest fetch(Target target, BackupId id, Consumer<String> progress, TrustOverride trust) {
        String destination = target.name();
        try (StorageLock.Held held = lock.acquire("fetch " + id + " from " + destination)) {
            Optional<CatalogEntry> local = catalog.entry(id);
            CatalogEntry remote = remoteManifest(target, id);
            if (!remote.valid()) {
                throw new BackupFailure(ErrorCode.BACKUP_INVALID, id + " in " + destination + " is INVALID: "
                        + remote.problem(), null, "It is never fetched or restored; fetch another backup", null);
            }
            catalog.trustGate().require(remote, trust, "fetch", "s3:" + destination);
            Manifest manifest = remote.manifest();
            if (local.isPresent()) {
                if (local.get().valid() && manifest.sha256().equals(local.get().manifest().sha256())) {
                    progress.accept(id + " is already in the storage folder");
                    return local.get().manifest();
                }
                throw new BackupFailure(ErrorCode.OFFSITE_CONFLICT, "The storage folder already holds " + id
                        + (local.get().valid() ? " with another checksum" : ", INVALID") + "; not overwritten", null,
                        "Delete the local one first (neo4j-backup delete " + id + "), then fetch again", null);
            }
            catalog.prepare();
            requireSpace(destination, id, manifest);
            Path work = catalog.newWorkDir(id);
            try {
                String archiveName = CatalogNames.archiveName(manifest);
                Path archive = work.resolve(archiveName);
                progress.accept("Downloading " + target.store().address(target.key(id, archiveName)));
                long started = System.nanoTime();
                String actual = download(target, id, manifest, archive);
                long size = Files.size(archive);
                if (!actual.equals(manifest.sha256())) {
                    throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive of " + id + " in " + destination
                            + " does not match its manifest's checksum; nothing was published", "Expected: "
                            + manifest.sha256() + " | Actual: " + actual, ErrorCode.BACKUP_CORRUPTED.action(), null);
                }
                if (manifest.storedBytes() > 0 && size != manifest.storedBytes()) {
                    throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive of " + id + " in " + destination
                            + " has another size than its manifest says", "Expected: " + manifest.storedBytes()
                                    + " bytes | Actual: " + size + " bytes", ErrorCode.BACKUP_CORRUPTED.action(), null);
                }
                checkSidecar(target, id, manifest, archiveName);
                double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                catalog.publish(archive, manifest, remote.trust().signed());
                progress.accept(String.format(Locale.ROOT, "Fetched %s (%s, %.1f MB/s), checksum verified",
                        id, Sizes.human(size), size / 1e6 / seconds));
                log.info("OFFSITE_FETCHED: {} from {}, sha256 {} verified", id, destination, actual);
                return manifest;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch " + id + " into " + work, e);
            } finally {
                BackupCatalog.deleteQuietly(work);
            }
        }
    }

    /** The remote manifest, judged; BACKUP_NOT_FOUND when there is none. */
    private CatalogEntry remoteManifest(Target target, BackupId id) {
        String manifestKey = target.manifestKey(id);
        try {
            if (!target.store().exists(manifestKey)) {
                throw new BackupFailure(ErrorCode.BACKUP_NOT_FOUND, "No backup with id " + id + " in "
                        + target.name() + " (" + target.store().address(manifestKey) + ")", null,
                        "List its backups with `neo4j-backup list --from " + target.name() + "`", null);
            }
            return target.manifest(target.prefix(), id, clock.instant(), catalog.signer());
        } catch (ObjectStore.Failure | ObjectStore.TooLarge e) {
            throw target.failure("fetch of " + id, e);
        }
    }

    /**
     * The archive into {@code archive}, never more than the manifest's size (+1 byte to know it is more): an
     * object that is larger is refused before or while it is read, not downloaded whole and then compared.
     * Returns its SHA-256.
     */
    private String download(Target target, BackupId id, Manifest manifest, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (DigestOutputStream digest = new DigestOutputStream(out, sha)) {
                target.store().get(target.key(id, CatalogNames.archiveName(manifest)), digest,
                        manifest.storedBytes() > 0 ? manifest.storedBytes() : Long.MAX_VALUE - 1);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (ObjectStore.TooLarge e) {
            log.error("OFFSITE_FETCH_REFUSED: {} in {}: the archive {}", id, target.name(), e.getMessage());
            throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive of " + id + " in " + target.name()
                    + " is larger than its manifest says (" + e.getMessage() + "); it was not downloaded and "
                    + "nothing was published", "Expected: " + manifest.storedBytes() + " bytes | Actual: "
                            + (e.announced() ? "" : "more than ") + e.size() + " bytes",
                    ErrorCode.BACKUP_CORRUPTED.action(), null);
        } catch (ObjectStore.Failure e) {
            throw target.failure("download of " + id, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** BACKUP_NO_SPACE before a byte is downloaded: the manifest says how large the archive is. */
    private void requireSpace(String destination, BackupId id, Manifest manifest) {
        if (manifest.storedBytes() <= 0) {
            return; // an old manifest without its size: the download's own ENOSPC is the answer then
        }
        SpaceCheck check;
        try {
            check = FreeSpace.of(catalog.root()).check(manifest.storedBytes(), 0);
        } catch (IOException e) {
            return; // the numbers cannot be read here; the download says it when the disk fills
        }
        check.refusal(catalog.root(), "to fetch " + id + " from " + destination + "; nothing was downloaded",
                "after fetching " + id, "Free up space in " + catalog.root() + " (neo4j-backup prune, or delete "
                        + "older backups), then fetch again").ifPresent(refusal -> {
                            log.error("BACKUP_NO_SPACE: fetch of {} from {}: {}", id, destination, check.numbers());
                            throw refusal;
                        });
    }

    private void checkSidecar(Target target, BackupId id, Manifest manifest, String archiveName) {
        String text;
        try {
            text = new String(target.store().getSmall(target.key(id, CatalogNames.sidecarOf(archiveName)), 4096),
                    StandardCharsets.UTF_8);
        } catch (ObjectStore.Failure | ObjectStore.TooLarge e) {
            throw target.failure("download of " + id + "'s checksum file", e);
        }
        ChecksumLine line;
        try {
            line = ChecksumLine.parse(text.strip());
        } catch (RuntimeException e) {
            line = null;
        }
        if (line == null || !line.sha256().equals(manifest.sha256()) || !line.fileName().equals(archiveName)) {
            throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The checksum file of " + id + " in "
                    + target.name() + " disagrees with its manifest; nothing was published", null,
                    ErrorCode.BACKUP_CORRUPTED.action(), null);
        }
    }
}
