package dev.neo4jbackup.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * Live snapshots on btrfs: {@code btrfs subvolume snapshot} of the subvolume that holds Neo4j's data root (atomic,
 * ~25 ms, no blocks copied), into a folder on the same filesystem; {@code btrfs subvolume delete} on release. The
 * snapshot is writable: the scratch recovery writes into it. Every command is an argument list, never a shell line.
 */
public final class BtrfsSnapshot implements LiveSnapshot {

    private static final Logger log = LoggerFactory.getLogger(BtrfsSnapshot.class);
    /** The names this class gives its snapshots; nothing else in the snapshot folder is ever deleted. */
    public static final String PREFIX = "live-";
    /** A btrfs subvolume's root directory always has this inode number (BTRFS_FIRST_FREE_OBJECTID). */
    static final long SUBVOLUME_ROOT_INODE = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
    private static final List<Path> TOOL_DIRS = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"),
            Path.of("/sbin"));

    /**
     * Neo4j's data root on btrfs.
     *
     * @param root     the root of the subvolume that holds it (what is snapshotted)
     * @param dataRoot the data root itself, {@code root} or a folder below it
     * @param device   the filesystem's device, as the mount table names it
     */
    public record Subvolume(Path root, Path dataRoot, String device) {
    }

    private final Subvolume volume;
    private final Path snapshots;
    private final Path btrfs;
    private final ProcessRunner processes;
    private final Duration timeout;
    private final long reserve;
    private final double minFreeRatio;
    private final Clock clock;

    /**
     * @param snapshots    where snapshots are made: a folder on the same btrfs filesystem (made when missing)
     * @param btrfs        the {@code btrfs} program ({@link #findTool()})
     * @param reserve      room kept for the running Neo4j's writes while a snapshot exists ({@link SnapshotSpace})
     * @param minFreeRatio the share of the volume that must stay free
     */
    public BtrfsSnapshot(Subvolume volume, Path snapshots, Path btrfs, ProcessRunner processes, Duration timeout,
            long reserve, double minFreeRatio, Clock clock) {
        this.volume = volume;
        this.snapshots = snapshots.toAbsolutePath().normalize();
        this.btrfs = btrfs;
        this.processes = processes;
        this.timeout = timeout;
        this.reserve = reserve;
        this.minFreeRatio = minFreeRatio;
        this.clock = clock;
    }

    /**
     * The subvolume that holds {@code dataRoot}, when it is on btrfs and the subvolume's root is visible here: the
     * highest folder above it on the same device (btrfs gives each subvolume a device number of its own) whose
     * inode is a subvolume root's. Empty when the filesystem is not btrfs.
     *
     * @throws BackupFailure CONFIG_INVALID when it is btrfs but the subvolume's root is not visible (a bind mount
     *                       of a folder inside it, as in a container): then it can be snapshotted only by command
     */
    public static Optional<Subvolume> subvolumeOf(Path dataRoot) throws IOException {
        Path data = dataRoot.toRealPath();
        FileStore store = Files.getFileStore(data);
        if (!"btrfs".equals(store.type())) {
            return Optional.empty();
        }
        Object device = Files.getAttribute(data, "unix:dev");
        Path top = data;
        while (top.getParent() != null && device.equals(Files.getAttribute(top.getParent(), "unix:dev"))) {
            top = top.getParent();
        }
        if (((Number) Files.getAttribute(top, "unix:ino")).longValue() != SUBVOLUME_ROOT_INODE) {
            throw new BackupFailure(ErrorCode.CONFIG_INVALID, "Neo4j's data root " + dataRoot + " is on btrfs ("
                    + store.name() + "), but the root of its subvolume is not visible here: " + top
                    + " is a mount of a folder inside it (a bind mount, as in a container)", null,
                    "Snapshot by command on the host (backup.neo4j.snapshot-command with snapshot-path), mount the "
                            + "subvolume itself, or set backup.neo4j.snapshot=copy or off", null);
        }
        return Optional.of(new Subvolume(top, data, store.name()));
    }

    /** The {@code btrfs} program in the usual folders (Debian's btrfs-progs puts it in /usr/bin or /bin). */
    public static Optional<Path> findTool() {
        return TOOL_DIRS.stream().map(d -> d.resolve("btrfs")).filter(Files::isExecutable).findFirst();
    }

    @Override
    public String kind() {
        return "btrfs";
    }

    public Subvolume volume() {
        return volume;
    }

    public Path snapshotsFolder() {
        return snapshots;
    }

    @Override
    public Snapshot take(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a snapshot name: " + name);
        }
        Path target = snapshots.resolve(PREFIX + name);
        if (Files.exists(target)) {
            throw new BackupFailure(ErrorCode.SNAPSHOT_FAILED, "A snapshot " + target + " already exists", null,
                    "It is left by an earlier run: delete it (btrfs subvolume delete " + target + ") or restart the "
                            + "service, whose start-up removes it", null);
        }
        prepareFolder();
        checkSpace();
        Instant at = clock.instant();
        ProcessResult result = processes.run(List.of(btrfs.toString(), "subvolume", "snapshot",
                volume.root().toString(), target.toString()), Map.of(), null, timeout);
        if (!result.ok()) {
            throw failure("btrfs subvolume snapshot of " + volume.root() + " into " + target, result);
        }
        Path dataDir = target.resolve(volume.root().relativize(volume.dataRoot()).toString());
        log.info("SNAPSHOT_TAKEN: btrfs {} of {} in {} s", target, volume.root(), Durations.seconds(result.took()));
        return new Snapshot(kind(), name, dataDir, target, at, result.took());
    }

    @Override
    public void release(Snapshot snapshot) {
        Path handle = snapshot.handle().toAbsolutePath().normalize();
        if (!snapshots.equals(handle.getParent()) || !handle.getFileName().toString().startsWith(PREFIX)) {
            // never delete a subvolume this class did not make
            throw new IllegalArgumentException(handle + " is not a snapshot in " + snapshots);
        }
        if (!Files.exists(handle)) {
            return;
        }
        ProcessResult result = processes.run(List.of(btrfs.toString(), "subvolume", "delete", handle.toString()),
                Map.of(), null, timeout);
        if (!result.ok()) {
            throw new BackupFailure(ErrorCode.SNAPSHOT_FAILED, "btrfs subvolume delete " + handle + " failed: "
                    + result.tail(), "Exit code: " + result.exitCode(), "Delete it by hand (btrfs subvolume delete "
                            + handle + "): until then it holds the blocks Neo4j has written since", null);
        }
        log.info("SNAPSHOT_RELEASED: btrfs {}", handle);
    }

    @Override
    public List<Snapshot> leftovers() {
        List<Snapshot> left = new ArrayList<>();
        if (!Files.isDirectory(snapshots)) {
            return left;
        }
        try (var entries = Files.list(snapshots)) {
            for (Path entry : entries.sorted().toList()) {
                String file = entry.getFileName().toString();
                if (file.startsWith(PREFIX) && Files.isDirectory(entry) && isSubvolumeRoot(entry)) {
                    left.add(new Snapshot(kind(), file.substring(PREFIX.length()),
                            entry.resolve(volume.root().relativize(volume.dataRoot()).toString()), entry,
                            Files.getLastModifiedTime(entry).toInstant(), Duration.ZERO));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return left;
    }

    private static boolean isSubvolumeRoot(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino")).longValue() == SUBVOLUME_ROOT_INODE;
    }

    private void prepareFolder() {
        try {
            Files.createDirectories(snapshots);
            FileStore store = Files.getFileStore(snapshots);
            if (!"btrfs".equals(store.type()) || !store.name().equals(volume.device())) {
                throw new BackupFailure(ErrorCode.CONFIG_INVALID, "The snapshot folder " + snapshots + " is on "
                        + store.type() + " (" + store.name() + "), not on the btrfs filesystem of Neo4j's data ("
                        + volume.device() + "): a snapshot can only be made on its own filesystem", null,
                        "Point the snapshot folder at a folder on " + volume.device() + ", e.g. inside "
                                + volume.root(), null);
            }
        } catch (IOException e) {
            throw new BackupFailure(ErrorCode.SNAPSHOT_FAILED, "Cannot make the snapshot folder " + snapshots + ": "
                    + e.getMessage(), null, "Check that the service may write " + snapshots.getParent(), e);
        }
    }

    private void checkSpace() {
        Path data = volume.dataRoot();
        SnapshotSpace space = new SnapshotSpace(FolderBytes.of(data.resolve("databases")),
                FolderBytes.of(data.resolve("transactions")), reserve);
        try {
            FileStore store = Files.getFileStore(snapshots);
            space.refusal(volume.device() + " (Neo4j's data, " + volume.root() + ")", store.getUsableSpace(),
                    store.getTotalSpace(), minFreeRatio).ifPresent(refusal -> {
                        throw refusal;
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BackupFailure failure(String what, ProcessResult result) {
        String output = result.output() == null ? "" : result.output();
        if (output.contains("No space left")) {
            long usable = usable();
            return new BackupFailure(ErrorCode.BACKUP_NO_SPACE, what + " failed: no space left on " + volume.device(),
                    "Available: " + Sizes.human(usable), "Free space on Neo4j's volume, or set "
                            + "backup.neo4j.snapshot=copy or off", null);
        }
        if (output.contains("cross-device")) {
            return new BackupFailure(ErrorCode.CONFIG_INVALID, what + " failed: the snapshot folder is not on the "
                    + "same btrfs filesystem", null, "Point the snapshot folder inside " + volume.root(), null);
        }
        return new BackupFailure(ErrorCode.SNAPSHOT_FAILED, what + " failed: " + (result.timedOut()
                ? "timed out" : result.tail()), "Exit code: " + result.exitCode() + " | Took: "
                        + Durations.seconds(result.took()) + " s", null, null);
    }

    private long usable() {
        try {
            return Files.getFileStore(snapshots).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
