package dev.neo4jbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.BtrfsVolume;

/**
 * Live snapshots on a real btrfs filesystem (a loop-mounted image): built in, and by the operator's commands; the
 * detector's refusals. No Neo4j here: the folders stand for its data root (ScratchNeo4jTest snapshots a running one).
 */
class BtrfsSnapshotTest {

    @RegisterExtension
    static final BtrfsVolume VOLUME = new BtrfsVolume();

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private final ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
    private Path data;

    @BeforeEach
    void dataRoot() throws IOException {
        data = VOLUME.subvolume().resolve("data");
        Files.createDirectories(data.resolve("databases/neo4j"));
        Files.createDirectories(data.resolve("transactions/neo4j"));
        Files.writeString(data.resolve("databases/neo4j/neostore"), "before");
        Files.writeString(data.resolve("transactions/neo4j/neostore.transaction.db.0"), "tx 1");
    }

    @AfterEach
    void noSnapshotLeft() {
        BtrfsSnapshot btrfs = detect(null);
        btrfs.leftovers().forEach(btrfs::release);
    }

    private BtrfsSnapshot detect(Path folder) {
        return (BtrfsSnapshot) LiveSnapshots.detect(data, data.resolve("transactions"), folder, processes, TIMEOUT,
                0, 0.0, Clock.systemUTC());
    }

    @Test
    void findsTheSubvolumeThatHoldsTheDataRoot() {
        BtrfsSnapshot btrfs = detect(null);

        assertThat(btrfs.volume().root()).isEqualTo(VOLUME.subvolume());
        assertThat(btrfs.volume().dataRoot()).isEqualTo(data);
        assertThat(btrfs.volume().device()).startsWith("/dev/loop");
        assertThat(btrfs.snapshotsFolder()).isEqualTo(VOLUME.subvolume().resolve(LiveSnapshots.DEFAULT_FOLDER));
        assertThat(btrfs.kind()).isEqualTo("btrfs");
    }

    @Test
    void aSnapshotIsThePointInTimeItWasTakenAtWritableAndDeletedOnRelease() throws IOException {
        BtrfsSnapshot btrfs = detect(null);

        Snapshot snapshot = btrfs.take("neo4j-20261207-120000");
        Files.writeString(data.resolve("databases/neo4j/neostore"), "after");
        Files.writeString(data.resolve("transactions/neo4j/neostore.transaction.db.1"), "tx 2");

        assertThat(snapshot.dataDir()).isEqualTo(snapshot.handle().resolve("data"));
        assertThat(Files.readString(snapshot.dataDir().resolve("databases/neo4j/neostore"))).isEqualTo("before");
        assertThat(snapshot.dataDir().resolve("transactions/neo4j/neostore.transaction.db.1")).doesNotExist();
        assertThat(snapshot.took()).isLessThan(Duration.ofSeconds(10));
        // the scratch recovery writes into it; the live store does not see that
        Files.writeString(snapshot.dataDir().resolve("databases/neo4j/neostore"), "recovered");
        assertThat(Files.readString(data.resolve("databases/neo4j/neostore"))).isEqualTo("after");
        assertThat(btrfs.leftovers()).extracting(Snapshot::name).containsExactly("neo4j-20261207-120000");

        btrfs.release(snapshot);

        assertThat(snapshot.handle()).doesNotExist();
        assertThat(btrfs.leftovers()).isEmpty();
        btrfs.release(snapshot); // already gone: no failure
    }

    @Test
    void aSnapshotThatExistsAlreadyIsRefused() {
        BtrfsSnapshot btrfs = detect(null);
        btrfs.take("neo4j-20261207-130000");

        assertThatThrownBy(() -> btrfs.take("neo4j-20261207-130000")).isInstanceOfSatisfying(BackupFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
                    assertThat(f.reason()).contains("already exists");
                    assertThat(f.action()).contains("btrfs subvolume delete");
                });
        assertThatThrownBy(() -> btrfs.take("../escape")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void releaseNeverDeletesWhatItDidNotMake() {
        BtrfsSnapshot btrfs = detect(null);
        Path other = VOLUME.createSubvolume("not-ours");

        assertThatThrownBy(() -> btrfs.release(new Snapshot("btrfs", "x", other, other, null, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(other).isDirectory();
    }

    @Test
    void aSnapshotFolderOnAnotherFilesystemIsRefused(@TempDir Path elsewhere) throws IOException {
        BtrfsSnapshot btrfs = detect(elsewhere.resolve("snapshots"));
        String type = Files.getFileStore(elsewhere).type();

        assertThatThrownBy(() -> btrfs.take("neo4j-20261207-140000")).isInstanceOfSatisfying(BackupFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(f.reason()).contains("is on " + type)
                            .contains("not on the btrfs filesystem");
                });
    }

    @Test
    void aVolumeWithoutRoomForTheRecoveryIsRefusedWithTheNumbers() {
        BtrfsSnapshot btrfs = new BtrfsSnapshot(detect(null).volume(), VOLUME.subvolume().resolve("snaps"),
                BtrfsSnapshot.findTool().orElseThrow(), processes, TIMEOUT, 64L << 30, 0.0, Clock.systemUTC());

        assertThatThrownBy(() -> btrfs.take("neo4j-20261207-150000")).isInstanceOfSatisfying(BackupFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
                    assertThat(f.numbers()).startsWith("Required: 64.0 GB | Available: ");
                    assertThat(f.reason()).contains("live snapshot").contains("reserve of 64.0 GB");
                    assertThat(f.action()).contains("snapshot=copy or off");
                });
        assertThat(VOLUME.subvolume().resolve("snaps")).isEmptyDirectory();
    }

    @Test
    void dataOnAFilesystemThatCannotSnapshotIsAConfigErrorNamingItAndTheChoices(@TempDir Path plain)
            throws IOException {
        Files.createDirectories(plain.resolve("transactions"));
        String type = Files.getFileStore(plain).type();

        assertThatThrownBy(() -> LiveSnapshots.detect(plain, plain.resolve("transactions"), null, processes, TIMEOUT,
                0, 0.0, Clock.systemUTC())).isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(f.reason()).contains("is on " + type);
                    assertThat(f.numbers()).startsWith("Filesystem: " + type);
                    assertThat(f.action()).contains("btrfs subvolume").contains("backup.neo4j.snapshot-command")
                            .contains("snapshot-path").contains("backup.neo4j.snapshot=copy").contains("off");
                });
    }

    @Test
    void transactionLogsOutsideTheDataRootAreRefused() {
        assertThatThrownBy(() -> LiveSnapshots.detect(data, VOLUME.mountPoint().resolve("txlogs"), null, processes,
                TIMEOUT, 0, 0.0, Clock.systemUTC())).isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(f.reason()).contains("outside its data root");
                });
    }

    /** As in a container: a folder inside a subvolume mounted elsewhere; its subvolume's root is out of reach. */
    @Test
    void aBindMountOfAFolderInsideASubvolumeCanOnlyBeSnapshottedByCommand() throws Exception {
        Path bound = VOLUME.mountPoint().resolve("bound");
        Files.createDirectories(bound);
        run("mount", "--bind", data.toString(), bound.toString());
        try {
            assertThatThrownBy(() -> BtrfsSnapshot.subvolumeOf(bound)).isInstanceOfSatisfying(BackupFailure.class,
                    f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(f.reason()).contains("root of its subvolume is not visible");
                        assertThat(f.action()).contains("snapshot-command");
                    });
        } finally {
            run("umount", bound.toString());
        }
    }

    // --- by command -----------------------------------------------------------------------------------------

    @Test
    void theOperatorsCommandsGetTheirValuesFromTheEnvironment() throws IOException {
        Path dataSubvolume = VOLUME.createSubvolume("command-data");
        Files.createDirectories(dataSubvolume.resolve("databases/neo4j"));
        Files.createDirectories(dataSubvolume.resolve("transactions/neo4j"));
        // a snapshot path with a space and a command substitution in it: it must arrive as one value, never run
        Path snapshots = VOLUME.mountPoint().resolve("cmd snaps $(touch injected)");
        Files.createDirectories(snapshots);
        Path target = snapshots.resolve("current");
        CommandSnapshot command = new CommandSnapshot(
                "btrfs subvolume snapshot \"$NEO4J_BACKUP_DATA_PATH\" \"$NEO4J_BACKUP_SNAPSHOT_PATH\""
                        + " && echo \"$NEO4J_BACKUP_SNAPSHOT_NAME\" > \"$NEO4J_BACKUP_SNAPSHOT_PATH.name\"",
                "btrfs subvolume delete \"$NEO4J_BACKUP_SNAPSHOT_PATH\"", target, dataSubvolume, processes, TIMEOUT,
                Clock.systemUTC());

        Snapshot snapshot = command.take("neo4j-20261207-160000");
        try {
            assertThat(snapshot.kind()).isEqualTo("command");
            assertThat(snapshot.dataDir()).isEqualTo(target);
            assertThat(target.resolve("databases/neo4j")).isDirectory();
            assertThat(Files.readString(snapshots.resolve("current.name")).strip()).isEqualTo("neo4j-20261207-160000");
            assertThat(command.leftovers()).hasSize(1);
        } finally {
            command.release(snapshot);
        }
        assertThat(target).doesNotExist();
        assertThat(command.leftovers()).isEmpty();
        assertThat(VOLUME.mountPoint().resolve("injected")).doesNotExist();
        assertThat(Path.of("injected")).doesNotExist();
    }

    @Test
    void aFailingSnapshotCommandSaysWhyWithItsExitCode() {
        CommandSnapshot command = new CommandSnapshot("echo 'lvcreate: Volume group \"vg\" not found' >&2; exit 5",
                null, VOLUME.mountPoint().resolve("nowhere"), data, processes, TIMEOUT, Clock.systemUTC());

        assertThatThrownBy(() -> command.take("neo4j-20261207-170000")).isInstanceOfSatisfying(BackupFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
                    assertThat(f.reason()).contains("Volume group \"vg\" not found");
                    assertThat(f.numbers()).startsWith("Exit code: 5");
                });
    }

    @Test
    void aSnapshotWithoutTheDataFoldersOrReadOnlyIsReleasedAndRefused() throws IOException {
        Path target = VOLUME.mountPoint().resolve("ro-snap");
        Path released = VOLUME.mountPoint().resolve("released");
        String release = "btrfs subvolume delete \"$NEO4J_BACKUP_SNAPSHOT_PATH\" && touch " + released;
        CommandSnapshot empty = new CommandSnapshot("btrfs subvolume create \"$NEO4J_BACKUP_SNAPSHOT_PATH\"", release,
                target, data, processes, TIMEOUT, Clock.systemUTC());

        assertThatThrownBy(() -> empty.take("a")).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
            assertThat(f.reason()).contains(target.resolve("databases") + " does not exist");
        });
        assertThat(released).exists();
        Files.delete(released);

        // a read-only btrfs snapshot of the data root: even root cannot write into it
        Path subvolumeData = VOLUME.createSubvolume("data-subvolume");
        Files.createDirectories(subvolumeData.resolve("databases"));
        Files.createDirectories(subvolumeData.resolve("transactions"));
        CommandSnapshot readOnly = new CommandSnapshot(
                "btrfs subvolume snapshot -r \"$NEO4J_BACKUP_DATA_PATH\" \"$NEO4J_BACKUP_SNAPSHOT_PATH\"", release,
                target, subvolumeData, processes, TIMEOUT, Clock.systemUTC());

        assertThatThrownBy(() -> readOnly.take("b")).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED);
            assertThat(f.reason()).contains("is not writable");
            assertThat(f.action()).contains("read-write");
        });
        assertThat(released).exists();
        assertThat(target).doesNotExist();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
