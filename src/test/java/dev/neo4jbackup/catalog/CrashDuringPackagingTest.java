package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.testing.TestSigning;

/**
 * A process killed (SIGKILL) while packaging leaves no archive or manifest visible, only .staging
 * debris that the next start sweeps. The packaging runs in a real child JVM that is really killed.
 */
class CrashDuringPackagingTest {

    @TempDir
    Path storage;

    @Test
    void aKillDuringPackagingLeavesNothingVisibleAndTheSweepRemovesTheDebris() throws Exception {
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
        Path dump = storage.resolve("input.dump");
        writeRandom(dump, 256L << 20); // incompressible, so gzip takes a few seconds

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PackAndPublish.class.getName(), storage.toString(),
                dump.toString()).redirectErrorStream(true).redirectOutput(storage.resolve("child.log").toFile())
                .start();
        Path staged = storage.resolve(".staging/neo4j-20251227-020000/neo4j-20251227-020000.dump.gz");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(staged) && Files.size(staged) > (1 << 20)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.exists(staged)).as("the child started packaging").isTrue();
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(catalog.list()).isEmpty();
        assertThat(storage.resolve("neo4j-20251227-020000.dump.gz")).doesNotExist();
        assertThat(storage.resolve("neo4j-20251227-020000.json")).doesNotExist();
        assertThat(catalog.orphans()).isEmpty();

        try (StorageLock.Held held = new StorageLock(storage).acquire("test sweep")) {
            assertThat(catalog.sweepStaging()).isEqualTo(1);
        }
        try (var leftovers = Files.list(storage.resolve(".staging"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    static void writeRandom(Path file, long bytes) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    /** The child: packages into staging, then publishes, as a run does. */
    public static final class PackAndPublish {
        public static void main(String[] args) throws Exception {
            BackupCatalog catalog = TestSigning.catalog(Path.of(args[0]), Clock.systemUTC());
            BackupId id = BackupId.of("neo4j", Instant.parse("2025-12-27T02:00:00Z"));
            Path work = catalog.newWorkDir(id);
            var packed = new ArchivePacker().pack(Path.of(args[1]), work.resolve(id + ".dump.gz"), Compression.GZIP);
            catalog.publish(packed.archive(), Manifest.builder().id(id.toString()).database("neo4j")
                    .created(id.created()).trigger(Trigger.MANUAL).status(Manifest.Status.COMPLETE)
                    .compression(Compression.GZIP).archive(id + ".dump.gz").rawBytes(packed.rawBytes())
                    .storedBytes(packed.storedBytes()).ratio(packed.ratio()).sha256(packed.sha256()).stopMode("none")
                    .toolVersion("test").host("host").build());
        }
    }
}
