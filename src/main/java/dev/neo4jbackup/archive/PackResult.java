package dev.neo4jbackup.archive;

import java.nio.file.Path;
import java.time.Duration;

import dev.neo4jbackup.domain.Manifest;

/**
 * What packaging produced: the archive in staging, its checksum and the sizes before and after.
 *
 * @param sha256     of the stored bytes (the ciphertext when sealed): what the sidecar holds
 * @param encryption how it was sealed (with the plaintext's SHA-256); null for a plain archive
 */
public record PackResult(Path archive, long rawBytes, long storedBytes, String sha256, Duration took,
        Manifest.Encryption encryption) {

    public PackResult(Path archive, long rawBytes, long storedBytes, String sha256, Duration took) {
        this(archive, rawBytes, storedBytes, sha256, took, null);
    }

    /** Stored size as a share of the dump, e.g. 0.997 when gzip saved 0.3 %. */
    public double ratio() {
        return rawBytes == 0 ? 1.0 : (double) storedBytes / rawBytes;
    }
}
