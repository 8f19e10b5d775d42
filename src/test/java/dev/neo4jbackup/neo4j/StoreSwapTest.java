package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.SessionConfig;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.BtrfsVolume;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * A restore that loads before it stops, on a real Neo4j 5.26 whose data is on btrfs: the backup's neo4j and system
 * are loaded beside the live stores while Neo4j serves; in the stop window only renames happen; Neo4j starts on
 * the swapped stores and serves the backup (its graph, its users); the swap back brings the replaced store back;
 * the system swap is committed after its safety dump; a swap cut short by a crash is reverted before the start.
 */
class StoreSwapTest {

    @RegisterExtension
    static final BtrfsVolume VOLUME = new BtrfsVolume();

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern BYTES = Pattern.compile("Bytes: (\\d+)");
    private static Neo4jServer neo4j;
    private static Neo4jAdmin admin;
    private static Path dumps;
    private static GraphFingerprint.Print backup;
    private static GraphFingerprint.Print current;

    /** A graph and a user, dumped with Neo4j stopped (the backup); then the graph changed and another user. */
    @BeforeAll
    static void backupThenChange() throws Exception {
        neo4j = VOLUME.closeBeforeUnmount(Neo4jServer.startWithData("swap", VOLUME.subvolume().resolve("data")));
        admin = new Neo4jAdmin(neo4j.installation(), new ProcessRunner(ChildEnvironment.byName()));
        neo4j.run("UNWIND range(1, 300) AS i CREATE (:Person {id: i, name: 'p' + i})-[:LIVES_IN {since: i}]->"
                + "(:City {id: i})");
        system("CREATE USER bob SET PASSWORD 'bob-password-1' CHANGE NOT REQUIRED");
        backup = GraphFingerprint.of(neo4j.driver());
        neo4j.stop();
        dumps = Files.createTempDirectory("swap-dumps");
        admin.dump("neo4j", dumps, TIMEOUT);
        admin.dump("system", dumps, TIMEOUT);
        neo4j.start();
        neo4j.run("MATCH (c:City) WHERE c.id > 150 DETACH DELETE c");
        neo4j.run("CREATE (:Person {id: 1000, name: 'after the backup'})");
        system("CREATE USER alice SET PASSWORD 'alice-password-1' CHANGE NOT REQUIRED");
        current = GraphFingerprint.of(neo4j.driver());
        assertThat(current.hash()).isNotEqualTo(backup.hash());
    }

    @AfterAll
    static void stop() {
        neo4j.close();
    }

    @Test
    void loadedBesideSwappedInSwappedBackCommittedAndACrashReverted(@TempDir Path work) throws Exception {
        Path swapRoot = VOLUME.subvolume().resolve("swap");
        StoreSwap data = StoreSwap.of(neo4j.installation(), "neo4j", swapRoot);
        StoreSwap system = StoreSwap.of(neo4j.installation(), "system", swapRoot);
        for (StoreSwap swap : List.of(data, system)) {
            swap.prepare();
        }
        assertThat(data.spaceRefusal(headerBytes("neo4j", work))).isEmpty();

        // Neo4j serves while both are loaded beside it
        admin.loadAside("neo4j", dumpOf("neo4j", work), data.sideDataRoot(), TIMEOUT, 10, child -> { });
        admin.loadAside("system", dumpOf("system", work), system.sideDataRoot(), TIMEOUT, 10, child -> { });
        assertThat(neo4j.answers()).isTrue();
        assertThatThrownBy(data::swap).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.STORE_SWAP_FAILED);
            assertThat(f.reason()).contains("Neo4j still has neo4j open");
        });
        assertThat(data.journal()).isEmpty();

        // the window: stop, renames, start
        long window = System.nanoTime();
        neo4j.stop();
        long renames = System.nanoTime();
        data.swap();
        system.swap();
        long renamed = System.nanoTime();
        neo4j.start();
        System.out.printf("SWAP: window %d ms, of which the renames %d ms%n", (System.nanoTime() - window) / 1_000_000,
                (renamed - renames) / 1_000_000);
        assertThat(GraphFingerprint.of(neo4j.driver())).isEqualTo(backup);
        assertThat(users()).contains("bob").doesNotContain("alice");
        assertThat(status("neo4j")).isEqualTo("online");

        // system passed: its replaced store is the safety backup (dumped with Neo4j up), then removed
        Path safety = Files.createDirectories(work.resolve("safety"));
        admin.dumpFrom("system", system.swappedOutDataRoot(), safety, TIMEOUT, 10, child -> { });
        assertThat(safety.resolve("system.dump")).isNotEmptyFile();
        system.commit();
        assertThat(system.swappedOutDataRoot().resolve("databases/system")).doesNotExist();

        // neo4j "failed its check": swapped back, no load in this window either
        neo4j.stop();
        data.swapBack();
        neo4j.start();
        assertThat(GraphFingerprint.of(neo4j.driver())).isEqualTo(current);
        assertThat(users()).contains("bob").doesNotContain("alice");
        data.discard();

        // a crash after two of the four renames (Neo4j then has no store for neo4j at all): the next start reverts
        data.prepare();
        admin.loadAside("neo4j", dumpOf("neo4j", work), data.sideDataRoot(), TIMEOUT, 10, child -> { });
        neo4j.stop();
        data.afterRename(count -> {
            if (count == 2) {
                throw new StoreSwapCrashTest.Crash();
            }
        });
        assertThatThrownBy(data::swap).isInstanceOf(StoreSwapCrashTest.Crash.class);
        assertThat(neo4j.installation().databaseDirectory("neo4j")).doesNotExist();
        StoreSwap next = StoreSwap.of(neo4j.installation(), "neo4j", swapRoot);
        assertThat(next.recover()).isEqualTo(SwapPlan.Outcome.SWAPPED_BACK);
        neo4j.start();
        assertThat(GraphFingerprint.of(neo4j.driver())).isEqualTo(current);
        next.discard();
        assertThat(next.recover()).isEqualTo(SwapPlan.Outcome.NONE);
    }

    private static Path dumpOf(String database, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("from-" + database + "-" + System.nanoTime()));
        Files.copy(dumps.resolve(database + ".dump"), dir.resolve(database + ".dump"));
        return dir;
    }

    private static long headerBytes(String database, Path work) throws Exception {
        ProcessResult info = admin.loadInfo(dumpOf(database, work), database, TIMEOUT);
        Matcher bytes = BYTES.matcher(info.output());
        assertThat(bytes.find()).as(info.output()).isTrue();
        return Long.parseLong(bytes.group(1));
    }

    private static void system(String cypher) {
        try (var session = neo4j.driver().session(SessionConfig.forDatabase("system"))) {
            session.run(cypher).consume();
        }
    }

    private static List<String> users() {
        try (var session = neo4j.driver().session(SessionConfig.forDatabase("system"))) {
            return session.run("SHOW USERS YIELD user").list(r -> r.get("user").asString());
        }
    }

    private static String status(String database) {
        try (var session = neo4j.driver().session(SessionConfig.forDatabase("system"))) {
            return session.run("SHOW DATABASES YIELD name, currentStatus WHERE name = $name RETURN currentStatus",
                    java.util.Map.of("name", database)).single().get(0).asString();
        }
    }
}
