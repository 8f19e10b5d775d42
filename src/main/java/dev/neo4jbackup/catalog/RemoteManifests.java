package dev.neo4jbackup.catalog;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.signing.ManifestSigner;
import dev.neo4jbackup.signing.Trust;

/**
 * The trust check of a manifest that is not in the storage folder (an object store's copy): exactly the checks
 * of a local one ({@link ManifestCheck}: size, schema, id against the name it was found under, archive name,
 * checksum, not from the future) and its signature. A remote object is input like a local file.
 */
public final class RemoteManifests {

    private RemoteManifests() {
    }

    /**
     * The entry of {@code id}, trusted or INVALID with its reason, and what its signature says (judged with
     * {@code signer}, on the bytes as they came); never throws for bad content.
     */
    public static CatalogEntry judge(BackupId id, byte[] json, Instant now, ManifestSigner signer) {
        if (json.length > JsonCodec.MAX_BYTES) {
            return new CatalogEntry(id, null, "the manifest is " + json.length + " bytes, more than the "
                    + JsonCodec.MAX_BYTES + " bytes a manifest may have; not read");
        }
        try {
            JsonNode tree = JsonCodec.MAPPER.readTree(json);
            Trust trust = signer.verify(tree);
            ManifestCheck.Decoded decoded = ManifestCheck.decode(tree);
            String problem = ManifestCheck.problem(id, decoded);
            if (problem == null) {
                problem = ManifestCheck.future(decoded.manifest(), now);
            }
            return new CatalogEntry(id, problem == null ? decoded.manifest() : null, problem, trust);
        } catch (RuntimeException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new CatalogEntry(id, null, "not a manifest: " + first);
        }
    }
}
