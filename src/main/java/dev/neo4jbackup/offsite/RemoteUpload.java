package dev.neo4jbackup.offsite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * One copy of a local backup into a destination: the archive, then the {@code .sha256} sidecar, then the manifest
 * <b>last</b> (a remote backup exists only once its manifest does). A manifest already at the key is accepted only
 * when it is the same backup (same SHA-256); anything else is OFFSITE_CONFLICT and nothing is overwritten.
 */
final class RemoteUpload {

    private static final Logger log = LoggerFactory.getLogger(RemoteUpload.class);

    private final BackupCatalog catalog;
    private final Clock clock;

    RemoteUpload(BackupCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Copies {@code manifest}'s backup to {@code target}; returns the bytes sent (0: it was there already). */
    long upload(Target target, Manifest manifest) {
        BackupId id = BackupId.parse(manifest.id());
        ObjectStore store = target.store();
        String manifestKey = target.manifestKey(id);
        try {
            if (store.exists(manifestKey)) {
                CatalogEntry there = target.manifest(target.prefix(), id, clock.instant(), catalog.signer());
                if (there.valid() && manifest.sha256().equals(there.manifest().sha256())) {
                    log.info("OFFSITE_PRESENT: {} is already in {}", manifest.id(), target.name());
                    return 0;
                }
                throw new BackupFailure(ErrorCode.OFFSITE_CONFLICT, store.address(manifestKey) + " already holds "
                        + (there.valid() ? "another backup (sha256 " + there.manifest().sha256() + ")"
                                : "an untrusted manifest (" + there.problem() + ")") + "; not overwritten",
                        null, ErrorCode.OFFSITE_CONFLICT.action(), null);
            }
            Path archive = catalog.archivePath(manifest);
            long size = Files.size(archive);
            String archiveName = CatalogNames.archiveName(manifest);
            store.putFile(target.key(id, archiveName), archive, size);
            byte[] sidecar = new ChecksumLine(manifest.sha256(), archiveName).format().getBytes(StandardCharsets.UTF_8);
            store.putBytes(target.key(id, CatalogNames.sidecarOf(archiveName)), sidecar, "text/plain");
            byte[] json = JsonCodec.toBytes(manifest);
            store.putBytes(manifestKey, json, "application/json");
            return size + sidecar.length + json.length;
        } catch (ObjectStore.Failure | UncheckedIOException | ObjectStore.TooLarge | IOException e) {
            throw target.failure("upload of " + manifest.id(), e);
        }
    }
}
