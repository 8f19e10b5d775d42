package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.snapshot.LiveSnapshot;
import dev.neo4jbackup.snapshot.LiveSnapshots;
import dev.neo4jbackup.snapshot.Snapshot;
import dev.neo4jbackup.testing.BtrfsVolume;
import dev.neo4jbackup.testing.InvariantWriter;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.Prober;

/**
 * The live backup's parts on real btrfs and a real Neo4j 5.26 under writes: a btrfs snapshot of the running
 * Neo4j's data, recovered by a scratch Neo4j off to the side, its last transaction id read, dumped and checked by
 * the real neo4j-admin; the dump loaded into a side folder holds every committed transaction whole. The running
 * Neo4j never notices: same pid, no failed probe query.
 */
class ScratchNeo4jTest {

    @RegisterExtension
    static final BtrfsVolume VOLUME = new BtrfsVolume();

    private static final int BATCH = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static Neo4jServer production;

    private final ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());

    @BeforeAll
    static void startOnBtrfs() {
        production = VOLUME.closeBeforeUnmount(Neo4jServer.startWithData("live", VOLUME.subvolume().resolve("data")));
    }

    @AfterAll
    static void stop() {
        production.close();
    }

    static ScratchNeo4j.Settings settings() {
        return new ScratchNeo4j.Settings("256m", "64m", TIMEOUT, Duration.ofMinutes(1), 10, 0,
                Neo4jServer.testJvmOptions());
    }

    @Test
    void aLiveSnapshotRecoveredOffToTheSideIsAConsistentDumpWhileNeo4jServesUntouched(@TempDir Path work)
            throws Exception {
        long pid = production.pid().orElseThrow();
        Neo4jAdmin admin = new Neo4jAdmin(production.installation(), processes);
        LiveSnapshot snapshots = LiveSnapshots.detect(production.dataDir(), production.dataDir().resolve(
                "transactions"), null, processes, TIMEOUT, 0, 0.0, Clock.systemUTC());
        List<ProcessHandle> children = new CopyOnWriteArrayList<>();
        List<Integer> niceness = new CopyOnWriteArrayList<>();
        Snapshot snapshot;
        long before;
        long after;
        ScratchNeo4j.Recovered recovered;
        StoreInfo info;
        Path dumpDir = Files.createDirectories(work.resolve("dump"));
        long started = System.nanoTime();
        try (Prober prober = new Prober(production.driver(), Duration.ofMillis(100));
                InvariantWriter writer = new InvariantWriter(production.driver(), BATCH, Duration.ofMillis(20))) {
            writer.awaitCommitted(20, Duration.ofMinutes(1));

            before = writer.committed();
            snapshot = snapshots.take("neo4j-20261207-120000");
            after = writer.committed();
            try {
                recovered = new ScratchNeo4j(production.installation(), processes, settings()).recover(
                        snapshot.dataDir(), List.of("system", "neo4j"), work.resolve("scratch"),
                        (child, command) -> {
                            children.add(child);
                            niceness.add(niceOf(child.pid()));
                        });
                info = admin.info("neo4j", snapshot.dataDir(), TIMEOUT);
                admin.dumpFrom("neo4j", snapshot.dataDir(), dumpDir, TIMEOUT, 10, child -> { });
            } finally {
                snapshots.release(snapshot);
            }
            long written = writer.stop();
            prober.close();

            assertThat(written).as("the writer went on while the snapshot was recovered and dumped")
                    .isGreaterThan(after);
            assertThat(prober.failures()).as("probe queries every 100 ms").isEmpty();
            assertThat(prober.queries()).isGreaterThan(20);
        }
        System.out.printf("LIVE: snapshot %d ms, scratch online %d ms, stop %d ms, all %d ms%n",
                snapshot.took().toMillis(), recovered.online().toMillis(), recovered.stop().toMillis(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(production.pid()).as("the running Neo4j was never restarted").hasValue(pid);
        assertThat(snapshot.took()).isLessThan(Duration.ofSeconds(5));
        assertThat(children).extracting(ProcessHandle::pid).containsExactly(recovered.pid());
        assertThat(niceness.get(0)).as("the scratch runs niced").isEqualTo(10);
        assertThat(ProcessHandle.of(recovered.pid()).filter(ProcessHandle::isAlive)).as("the scratch stopped")
                .isEmpty();
        assertThat(recovered.boltPort()).isNotEqualTo(production.boltPort());
        assertThat(info.recoveryRequired()).isFalse();
        assertThat(info.lastCommittedTransaction()).isGreaterThan(before);

        ProcessResult check = admin.check("neo4j", dumpDir, Files.createDirectories(work.resolve("check")), TIMEOUT);
        assertThat(check.ok()).as(check.output()).isTrue();

        // the dump, loaded aside and served by a scratch Neo4j of its own: every committed transaction, whole
        Path side = work.resolve("side");
        admin.loadAside("neo4j", dumpDir, side, TIMEOUT, 0, child -> { });
        List<ProcessHandle> served = new CopyOnWriteArrayList<>();
        try (ScratchProcess restored = new ScratchNeo4j(production.installation(), processes, settings()).start(side,
                List.of("neo4j"), work.resolve("restored"), (child, command) -> served.add(child))) {
            InvariantWriter.Invariant invariant = InvariantWriter.read(restored.driver(), "neo4j");
            System.out.println("LIVE: acknowledged before " + before + ", after " + after + "; the copy holds "
                    + invariant + "; last committed transaction " + info.lastCommittedTransaction());
            assertThat(invariant.holds(BATCH)).as(invariant.toString()).isTrue();
            assertThat(invariant.counter()).isBetween(before, after + 1);

            // a service killed with its scratch running: start-up ends it as it ends an orphaned dump
            long ticks = ChildProcesses.startTicks(served.get(0).pid()).orElseThrow();
            assertThat(ChildProcesses.end(served.get(0).pid(), ticks, Duration.ofSeconds(30)))
                    .isIn(ChildProcesses.Ending.TERMINATED, ChildProcesses.Ending.KILLED);
        }
        assertThat(served.get(0).isAlive()).isFalse();
    }

    /** Field 19 of /proc/<pid>/stat. */
    static int niceOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
