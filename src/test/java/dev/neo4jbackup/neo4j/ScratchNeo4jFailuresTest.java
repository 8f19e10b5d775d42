package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.BtrfsVolume;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * What an operator meets when the scratch recovery fails: a timeout, a busy port, a damaged snapshot, a full
 * volume, a database the snapshot does not hold, an interrupt, the service's shutdown. Each is a failure with its
 * code, reason, numbers and action, and the scratch Neo4j is gone afterwards. Mostly on plain folders (the scratch
 * cares not whether its data root is a snapshot); the full volume is a small btrfs one.
 */
class ScratchNeo4jFailuresTest {

    /** A small volume to fill up. */
    @RegisterExtension
    static final BtrfsVolume VOLUME = new BtrfsVolume(300L << 20);

    private static Neo4jServer template;
    private final ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
    private final List<ProcessHandle> children = new CopyOnWriteArrayList<>();

    /** A server never started: its data root, from the build's first start, holds system and neo4j. */
    @BeforeAll
    static void template() {
        template = Neo4jServer.create("scratch-failures");
    }

    @AfterAll
    static void close() {
        template.close();
    }

    private static ScratchNeo4j.Settings settings(Duration recovery, int port) {
        return new ScratchNeo4j.Settings("256m", "32m", recovery, Duration.ofMinutes(1), 0, port,
                Neo4jServer.testJvmOptions());
    }

    private ScratchNeo4j scratch(ScratchNeo4j.Settings settings) {
        return new ScratchNeo4j(template.installation(), processes, settings);
    }

    private Path dataRoot(Path work) throws IOException {
        return copyOfTemplate(work.resolve("data"));
    }

    private static Path copyOfTemplate(Path data) throws IOException {
        try (var walk = Files.walk(template.dataDir())) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = data.resolve(template.dataDir().relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return data;
    }

    private void record(ProcessHandle child, String command) {
        children.add(child);
    }

    private void assertScratchGone() {
        assertThat(children).isNotEmpty();
        assertThat(children).allSatisfy(child -> assertThat(child.isAlive()).as("pid " + child.pid()).isFalse());
    }

    @Test
    void aRecoveryThatTakesTooLongIsKilledWithTheNumbers(@TempDir Path work) throws IOException {
        Path data = dataRoot(work);

        assertThatThrownBy(() -> scratch(settings(Duration.ofSeconds(1), 0)).recover(data, List.of("neo4j"),
                work.resolve("scratch"), this::record)).isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SCRATCH_RECOVERY_FAILED);
                    assertThat(f.reason()).contains("did not recover neo4j within 1 s; it was killed");
                    assertThat(f.numbers()).startsWith("Waited: ").contains("| Store: ").contains("| Transaction logs: ");
                    assertThat(f.action()).contains("Raise the scratch recovery timeout");
                });
        assertScratchGone();
    }

    @Test
    void aBusyBoltPortIsNamed(@TempDir Path work) throws IOException {
        Path data = dataRoot(work);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> scratch(settings(Duration.ofMinutes(3), port)).recover(data, List.of("neo4j"),
                    work.resolve("scratch"), this::record)).isInstanceOfSatisfying(BackupFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.SCRATCH_RECOVERY_FAILED);
                        assertThat(f.reason()).contains("its Bolt port 127.0.0.1:" + port + " is in use");
                        assertThat(f.numbers()).startsWith("Port: " + port);
                        assertThat(f.action()).contains("Free the port");
                    });
        }
        // refused before bin/neo4j was launched
        assertThat(children).isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(work.resolve("scratch").toString()))).isEmpty();
    }

    @Test
    void aDamagedSnapshotFailsWithNeo4jsOwnWords(@TempDir Path work) throws IOException {
        Path data = dataRoot(work);
        Path log = data.resolve("transactions/neo4j/neostore.transaction.db.0");
        assertThat(log).exists();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0x7f);
            file.write(garbage);
        }

        assertThatThrownBy(() -> scratch(settings(Duration.ofMinutes(3), 0)).recover(data, List.of("neo4j"),
                work.resolve("scratch"), this::record)).isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SCRATCH_RECOVERY_FAILED);
                    assertThat(f.reason()).contains("could not recover 'neo4j'");
                    assertThat(f.numbers()).startsWith("Took: ");
                    assertThat(f.action()).contains("the running Neo4j was not touched").contains(work.toString());
                });
        assertScratchGone();
    }

    @Test
    void aFullVolumeIsNoSpaceWithWhatIsLeft(@TempDir Path work) throws IOException {
        Path data = copyOfTemplate(VOLUME.subvolume().resolve("data"));
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(VOLUME.subvolume().resolve("filler"))) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }

        try {
            assertThatThrownBy(() -> scratch(settings(Duration.ofMinutes(3), 0)).recover(data, List.of("neo4j"),
                    work.resolve("scratch"), this::record)).isInstanceOfSatisfying(BackupFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
                        assertThat(f.reason()).contains("no space left on the volume of the snapshot " + data);
                        assertThat(f.numbers()).startsWith("Available: ");
                        assertThat(f.action()).contains("Free space on Neo4j's volume");
                    });
        } finally {
            Files.delete(VOLUME.subvolume().resolve("filler"));
        }
        assertThat(children).allSatisfy(child -> assertThat(child.isAlive()).isFalse());
    }

    @Test
    void aDatabaseTheSnapshotDoesNotHoldIsNamedWithTheOnesItHolds(@TempDir Path work) throws IOException {
        Path data = dataRoot(work);

        assertThatThrownBy(() -> scratch(settings(Duration.ofMinutes(3), 0)).recover(data, List.of("sales"),
                work.resolve("scratch"), this::record)).isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.SCRATCH_RECOVERY_FAILED);
                    assertThat(f.reason()).contains("holds no database 'sales'");
                    assertThat(f.numbers()).contains("neo4j").contains("system");
                });
        assertThat(children).as("refused before a Neo4j was started").isEmpty();
    }

    @Test
    void anInterruptKillsTheScratchAndKeepsTheFlag(@TempDir Path work) throws Exception {
        Path data = dataRoot(work);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                scratch(settings(Duration.ofMinutes(3), 0)).recover(data, List.of("neo4j"), work.resolve("scratch"),
                        this::record);
            } catch (RuntimeException e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        runner.start();
        while (children.isEmpty() && runner.isAlive()) {
            Thread.sleep(20);
        }
        runner.interrupt();
        runner.join(60_000);

        assertThat(thrown.get()).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.SCRATCH_RECOVERY_FAILED);
            assertThat(f.reason()).contains("Interrupted");
        });
        assertThat(flag.get()).isTrue();
        assertScratchGone();
    }

    @Test
    void theShutdownEndsEveryScratchStillRunning(@TempDir Path work) throws IOException {
        Path data = dataRoot(work);
        ScratchNeo4j scratches = scratch(settings(Duration.ofMinutes(3), 0));
        ScratchProcess running = scratches.start(data, List.of("neo4j"), work.resolve("scratch"), this::record);

        assertThat(scratches.abortAll()).isEqualTo(1);

        assertScratchGone();
        assertThat(scratches.abortAll()).isZero();
        running.close(); // nothing left to do
    }
}
