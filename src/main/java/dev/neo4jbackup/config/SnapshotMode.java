package dev.neo4jbackup.config;

/**
 * {@code backup.neo4j.snapshot}: what happens while Neo4j is stopped for a dump. Off, the dump runs in
 * the window; otherwise only a copy of the store and transaction-log folders is taken in the window,
 * Neo4j is started again at once, and the dump reads the copy (downtime = stop + copy + start).
 */
public enum SnapshotMode {
    /** The dump runs while Neo4j is stopped (downtime = stop + dump + start). */
    OFF,
    /** {@code cp --reflink=auto -a} into {@code .staging}: a reflink where the filesystem can, else a full copy. */
    COPY,
    /** The operator's snapshot command (LVM, ZFS, btrfs) mounts a copy at {@code backup.neo4j.snapshot-path}. */
    COMMAND
}
