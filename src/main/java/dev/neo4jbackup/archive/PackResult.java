package dev.neo4jbackup.archive;

import java.nio.file.Path;
import java.time.Duration;

/** What packaging produced: the archive in staging, its checksum and the sizes before and after. */
public record PackResult(Path archive, long rawBytes, long storedBytes, String sha256, Duration took) {

    /** Stored size as a share of the dump, e.g. 0.997 when gzip saved 0.3 %. */
    public double ratio() {
        return rawBytes == 0 ? 1.0 : (double) storedBytes / rawBytes;
    }
}
