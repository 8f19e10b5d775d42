package dev.neo4jbackup.snapshot;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * Which live snapshot fits Neo4j's data root: the operator's command when one is configured, else btrfs when the
 * data is on a btrfs subvolume, else none, which is a {@code CONFIG_INVALID} naming the filesystem found and the
 * choices. Never a file-by-file copy of a running store: it would not be a point in time.
 */
public final class LiveSnapshots {

    /** The folder made inside the subvolume for its snapshots when none is configured. */
    public static final String DEFAULT_FOLDER = ".neo4j-backup-snapshots";

    /**
     * The built-in choice, btrfs: a snapshot of the subvolume holding {@code dataRoot}.
     *
     * @param transactionsRoot where Neo4j keeps its transaction logs: must be {@code dataRoot/transactions},
     *                         or one snapshot would not hold the store and its logs at the same instant
     * @param snapshotsFolder  where the snapshots go, on the same btrfs filesystem; null: {@link #DEFAULT_FOLDER}
     *                         inside the subvolume (a nested subvolume is not part of the next snapshot)
     */
    public static LiveSnapshot detect(Path dataRoot, Path transactionsRoot, Path snapshotsFolder, ProcessRunner processes,
            Duration timeout, long reserve, double minFreeRatio, Clock clock) {
        Path data = dataRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            throw new BackupFailure(ErrorCode.CONFIG_INVALID, "Neo4j's data root " + data + " does not exist", null,
                    "Check NEO4J_HOME, NEO4J_DATA_PATH or server.directories.data", null);
        }
        if (!transactionsRoot.toAbsolutePath().normalize().equals(data.resolve("transactions"))) {
            throw new BackupFailure(ErrorCode.CONFIG_INVALID, "Neo4j's transaction logs are at " + transactionsRoot
                    + ", outside its data root " + data + ": one live snapshot would not hold a store and its logs "
                    + "at the same instant", null, "Keep the transaction logs in the data root (leave "
                            + "server.directories.transaction.logs.root unset), or set backup.neo4j.snapshot=copy or off",
                    null);
        }
        Optional<BtrfsSnapshot.Subvolume> subvolume;
        try {
            subvolume = BtrfsSnapshot.subvolumeOf(data);
        } catch (IOException e) {
            throw BackupFailure.of(ErrorCode.CONFIG_INVALID, "Cannot read the filesystem of " + data + ": " + e, e);
        }
        if (subvolume.isEmpty()) {
            throw notSnapshotCapable(data);
        }
        Path btrfs = BtrfsSnapshot.findTool().orElseThrow(() -> new BackupFailure(ErrorCode.CONFIG_INVALID,
                "Neo4j's data is on btrfs, but the btrfs program is not installed", null,
                "Install btrfs-progs (apt-get install btrfs-progs), or set backup.neo4j.snapshot=copy or off", null));
        Path folder = snapshotsFolder != null ? snapshotsFolder : subvolume.get().root().resolve(DEFAULT_FOLDER);
        return new BtrfsSnapshot(subvolume.get(), folder, btrfs, processes, timeout, reserve, minFreeRatio, clock);
    }

    /** CONFIG_INVALID for a data root on a filesystem that cannot snapshot, naming it and the choices. */
    static BackupFailure notSnapshotCapable(Path data) {
        String found;
        try {
            FileStore store = Files.getFileStore(data);
            found = store.type() + " (" + store.name() + ")";
        } catch (IOException e) {
            found = "an unreadable filesystem (" + e.getMessage() + ")";
        }
        return new BackupFailure(ErrorCode.CONFIG_INVALID, "backup.neo4j.snapshot=live needs Neo4j's data on a volume "
                + "that snapshots atomically, and " + data + " is on " + found + ", which cannot", "Filesystem: "
                        + found, "Choose one: put Neo4j's data on a btrfs subvolume (built in); or set "
                                + "backup.neo4j.snapshot-command and backup.neo4j.snapshot-path (LVM, ZFS, a cloud "
                                + "volume snapshot that leaves a writable copy there) with "
                                + "backup.neo4j.snapshot-release-command; or backup.neo4j.snapshot=copy (a short stop) "
                                + "or off", null);
    }

    private LiveSnapshots() {
    }
}
