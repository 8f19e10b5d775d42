package dev.neo4jbackup.snapshot;

import java.util.List;

/**
 * A point-in-time, writable snapshot of Neo4j's data root, taken while Neo4j runs: what a power cut at that
 * instant would have left on disk ({@code databases/} and {@code transactions/}, to be recovered by a scratch
 * Neo4j before it can be dumped). Never a file-by-file copy of a running store: only a volume that can
 * snapshot atomically (btrfs, or the operator's command for LVM, ZFS, a cloud volume).
 */
public interface LiveSnapshot {

    /** What takes the snapshots, for log lines and the manifest: {@code btrfs}, {@code command}. */
    String kind();

    /**
     * Takes a snapshot named {@code name} (a backup id: letters, digits, {@code . _ -}). Throws
     * {@code BACKUP_NO_SPACE} when the volume has no room for what the recovery will write,
     * {@code SNAPSHOT_FAILED} when the tool fails, {@code CONFIG_INVALID} when the volume cannot snapshot.
     */
    Snapshot take(String name);

    /** Deletes (btrfs) or releases (the release command) a snapshot; a snapshot already gone is no failure. */
    void release(Snapshot snapshot);

    /** Snapshots of this provider that a crashed run left behind (start-up recovery releases them). */
    List<Snapshot> leftovers();
}
