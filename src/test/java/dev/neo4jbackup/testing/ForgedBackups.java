package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.BackupId;
import tools.jackson.databind.node.ObjectNode;

/**
 * What someone who can write the storage folder (or a bucket) can make without the service's key: a backup whose
 * manifest, archive and sidecar agree with each other (the checksums are right), made from a real backup's files
 * under another id, with no signature or with one that does not belong to it. The archive is the real backup's
 * dump, so a restore an operator accepts leaves the graph as the real backup does.
 */
public final class ForgedBackups {

    private ForgedBackups() {
    }

    /** A consistent copy of backup {@code real} under the id of {@code created}, without a signature. */
    public static String unsigned(Path storage, String real, Instant created) {
        return forge(storage, real, created, false);
    }

    /** The same with the real backup's signature left in it: a signature that does not match what it signs. */
    public static String wronglySigned(Path storage, String real, Instant created) {
        return forge(storage, real, created, true);
    }

    private static String forge(Path storage, String real, Instant created, boolean keepSignature) {
        try {
            BackupId from = BackupId.parse(real);
            BackupId to = BackupId.of(from.database(), created);
            ObjectNode manifest = (ObjectNode) JsonCodec.MAPPER.readTree(Files.readAllBytes(
                    storage.resolve(CatalogNames.manifestName(from))));
            String archive = manifest.get("archive").asString();
            String forgedArchive = archive.replace(real, to.toString());
            Files.copy(storage.resolve(archive), storage.resolve(forgedArchive));
            Files.writeString(storage.resolve(CatalogNames.sidecarOf(forgedArchive)),
                    new ChecksumLine(manifest.get("sha256").asString(), forgedArchive).format());
            manifest.put("id", to.toString());
            manifest.put("archive", forgedArchive);
            manifest.put("created", created.toString());
            manifest.put("status", "COMPLETE");
            manifest.putNull("validatedAt");
            manifest.putNull("validation");
            if (!keepSignature) {
                manifest.remove("signature");
            }
            Files.write(storage.resolve(CatalogNames.manifestName(to)), JsonCodec.toBytes(manifest));
            return to.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
