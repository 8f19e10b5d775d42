package dev.neo4jbackup.snapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One snapshot taken.
 *
 * @param kind    the provider ({@code btrfs}, {@code command})
 * @param name    the name it was taken under (a backup id)
 * @param dataDir the snapshot's data root: {@code databases/} and {@code transactions/}, writable
 * @param handle  what {@link LiveSnapshot#release} removes (the btrfs subvolume; the command's snapshot path)
 * @param at      when it was taken: the backup holds Neo4j as of this instant
 * @param took    how long taking it took
 */
public record Snapshot(String kind, String name, Path dataDir, Path handle, Instant at, Duration took) {
}
