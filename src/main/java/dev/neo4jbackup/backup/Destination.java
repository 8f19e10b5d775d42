package dev.neo4jbackup.backup;

import java.nio.file.Path;

import dev.neo4jbackup.domain.Manifest;

/**
 * Where a verified backup is stored: the archive, its checksum sidecar and, last, its manifest (a backup
 * exists at a destination only once its manifest does). The local storage folder ({@link LocalDestination})
 * is always the first; an object store would follow it, with its own retention.
 */
public interface Destination {

    /** For log lines and, later, the catalogue's "where each backup lives": {@code local}. */
    String name();

    /**
     * Stores {@code archive} (a staged file this call may move) with {@code manifest}; returns where the
     * archive now is. Throws a BackupFailure, or an UncheckedIOException for the disk.
     */
    String publish(Path archive, Manifest manifest);
}
