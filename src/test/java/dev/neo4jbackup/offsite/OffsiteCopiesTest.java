package dev.neo4jbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.backup.Pruner;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.S3Server;
import dev.neo4jbackup.testing.SyntheticBackups;
import dev.neo4jbackup.testing.TcpRelay;
import dev.neo4jbackup.testing.TestManifests;
import dev.neo4jbackup.testing.TestProperties;
import dev.neo4jbackup.testing.TestSigning;

/**
 * The off-site copies against a real S3 server (s3proxy on loopback, SigV4): upload, listing, the destination's
 * own retention, fetch and its verification, a store that is down or does not answer, two services on one
 * bucket, and the secret key in no log line, error or object. Generated backups (no Neo4j): seconds in all.
 */
@ExtendWith(OutputCaptureExtension.class)
class OffsiteCopiesTest {

    /** A little in the past (a backup from the future is not trusted), whatever the hour the suite runs at. */
    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

    @TempDir
    Path storage;

    @TempDir
    Path elsewhere;

    private final S3Server s3 = S3Server.shared();

    @Test
    void uploadsListsPrunesWithItsOwnRetentionAndFetchesIntoAnEmptyFolder() throws Exception {
        String bucket = s3.bucket("upload-list-fetch");
        try (OffsiteHarness service = new OffsiteHarness(storage, s3.endpoint(), bucket, Map.of("prefix", "prod/db1",
                "retention.keep-daily", "2", "retention.keep-weekly", "0", "retention.keep-monthly", "0"),
                Map.of())) {
            // three days, each a backup; the newest one is bigger than a part: a multipart upload of 3 parts
            // each published, queued and delivered in turn, as the runs do
            Manifest first = SyntheticBackups.publish(service.catalog, "neo4j", TODAY.minus(Duration.ofDays(2)));
            service.copies.queue(first);
            assertThat(service.copies.tick(false)).isEqualTo(1);
            Manifest second = SyntheticBackups.publish(service.catalog, "neo4j", TODAY.minus(Duration.ofDays(1)));
            service.copies.queue(second);
            assertThat(service.copies.tick(false)).isEqualTo(1);
            Manifest big = publishRandom(service.catalog, TODAY, 12 * 1024 * 1024 + 17);
            service.copies.queue(big);
            assertThat(service.copies.tick(false)).isEqualTo(1);

            assertThat(service.copies.pending()).isEmpty();
            assertThat(service.events).filteredOn(OffsiteEvents.Delivered.class::isInstance).hasSize(3);
            // keep-daily 2 remotely (the local folder keeps its own 7): the oldest is gone there, manifest first
            List<RemoteBackup> listed = service.copies.list("offsite", false);
            assertThat(listed).extracting(b -> b.id().toString()).containsExactly(second.id(), big.id());
            assertThat(listed).allMatch(b -> b.valid() && b.archivePresent() && b.prefix().equals("prod/db1"));
            assertThat(service.store().list("prod/db1/neo4j/")).extracting(o -> o.key()).noneMatch(k -> k.contains(
                    first.id()));
            assertThat(service.events).anyMatch(e -> e instanceof OffsiteEvents.Pruned p && p.ids().equals(List.of(
                    first.id())));
            assertThat(service.catalog.list()).hasSize(3);
            assertThat(service.state.read().offsiteOrEmpty().lastSuccess()).containsKey("offsite");

            // a fresh machine: an empty folder, the same destination and prefix
            try (OffsiteHarness fresh = new OffsiteHarness(elsewhere, s3.endpoint(), bucket, Map.of("prefix",
                    "prod/db1"), Map.of())) {
                assertThat(fresh.catalog.list()).isEmpty();
                assertThat(fresh.copies.list("offsite", false)).hasSize(2);
                Manifest fetched = fresh.copies.fetch("offsite", BackupId.parse(big.id()), line -> { });
                assertThat(fetched.sha256()).isEqualTo(big.sha256());
                assertThat(fresh.catalog.list()).extracting(Manifest::id).containsExactly(big.id());
                assertThat(ArchivePacker.sha256(fresh.catalog.archivePath(fetched))).isEqualTo(big.sha256());
                assertThat(Files.readString(fresh.catalog.sidecarPath(fetched))).contains(big.sha256());
                // fetched again: already there, nothing downloaded
                assertThat(fresh.copies.fetch("offsite", BackupId.parse(big.id()), line -> { }).id())
                        .isEqualTo(big.id());
                assertThatThrownBy(() -> fresh.copies.fetch("offsite", BackupId.parse(first.id()), line -> { }))
                        .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code())
                                .isEqualTo(ErrorCode.BACKUP_NOT_FOUND));
            }
        }
    }

    @Test
    void anAlteredRemoteArchiveIsRefusedAtFetchWithBackupCorruptedAndNothingIsPublished() throws Exception {
        String bucket = s3.bucket("altered");
        try (OffsiteHarness service = new OffsiteHarness(storage, s3.endpoint(), bucket, Map.of("prefix", "p"),
                Map.of())) {
            Manifest m = SyntheticBackups.publish(service.catalog, "neo4j", TODAY);
            service.copies.queue(m);
            service.copies.tick(false);
            BackupId id = BackupId.parse(m.id());
            // one byte of the stored object flipped behind the store's back
            Path object = s3.bucketFolder(bucket).resolve("p/neo4j/" + CatalogNames.archiveName(m));
            byte[] bytes = Files.readAllBytes(object);
            bytes[bytes.length / 2] ^= 1;
            Files.write(object, bytes);

            try (OffsiteHarness fresh = new OffsiteHarness(elsewhere, s3.endpoint(), bucket, Map.of("prefix", "p"),
                    Map.of())) {
                assertThatThrownBy(() -> fresh.copies.fetch("offsite", id, line -> { }))
                        .isInstanceOfSatisfying(BackupFailure.class, f -> {
                            assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
                            assertThat(f.numbers()).contains("Expected: " + m.sha256());
                        });
                assertThat(fresh.catalog.entries()).isEmpty();
                try (Stream<Path> staged = Files.list(elsewhere.resolve(CatalogNames.STAGING))) {
                    assertThat(staged).isEmpty();
                }
            }

            // a remote manifest that names another backup than its key: INVALID in the listing, never fetched
            Path manifestObject = s3.bucketFolder(bucket).resolve("p/neo4j/" + CatalogNames.manifestName(id));
            Files.writeString(manifestObject, Files.readString(manifestObject).replace(m.id(), "neo4j-20200101-000000"));
            List<RemoteBackup> listed = service.copies.list("offsite", false);
            assertThat(listed).singleElement().satisfies(b -> assertThat(b.problem()).contains("does not match"));
            assertThatThrownBy(() -> service.copies.fetch("offsite", id, line -> { }))
                    .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code())
                            .isEqualTo(ErrorCode.BACKUP_INVALID));
        }
    }

    @Test
    void aStoreThatIsDownOrSilentLeavesTheLocalBackupQueuedAndAlertedAndALaterTickDeliversIt(CapturedOutput output)
            throws Exception {
        int port = S3Server.freePort();
        String bucket = "late";
        try (OffsiteHarness service = new OffsiteHarness(storage, "http://127.0.0.1:" + port, bucket,
                Map.of("prefix", "p", "attempts", "2", "retry-delays", "1m,10m"), Map.of())) {
            Manifest m = SyntheticBackups.publish(service.catalog, "neo4j", TODAY);
            service.copies.queue(m);
            assertThat(service.copies.tick(false)).isZero();

            List<OffsiteState.Pending> queued = service.copies.pending();
            assertThat(queued).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo(m.id());
                assertThat(p.attempts()).isEqualTo(1);
                assertThat(p.lastErrorCode()).isEqualTo("OFFSITE_FAILED");
                assertThat(p.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofSeconds(50)));
            });
            assertThat(service.events).filteredOn(OffsiteEvents.Failed.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((OffsiteEvents.Failed) e).failure().reason()).contains("127.0.0.1:"
                            + port));
            assertThat(service.catalog.list()).extracting(Manifest::id).containsExactly(m.id());
            assertThat(output.getOut()).contains("OFFSITE_FAILED: " + m.id());
            // not due yet: a tick leaves it queued
            assertThat(service.copies.tick(false)).isZero();
            assertThat(service.copies.pending()).hasSize(1);

            // a local prune keeps the queued backup: it is the only source of the off-site copy
            Manifest newer = SyntheticBackups.publish(service.catalog, "neo4j", TODAY.plus(Duration.ofMinutes(5)));
            Pruner pruner = new Pruner(TestProperties.bind(Map.of("storage.path", storage.toString(),
                    "retention.keep-last", "1", "retention.keep-daily", "0", "retention.keep-weekly", "0",
                    "retention.keep-monthly", "0")), service.catalog, e -> { }, Clock.systemUTC(), t -> null);
            pruner.prune(false);
            assertThat(service.catalog.list()).extracting(Manifest::id).containsExactly(m.id(), newer.id());
            assertThat(output.getOut()).contains("CLEANUP_HELD: " + m.id());

            // the store comes up on that port (the shared s3proxy behind it): the next attempt delivers it; the
            // start's comparison with the destination, which could not list it until now, adds the newer backup
            // (published here without the run's queueing)
            try (TcpRelay up = TcpRelay.open(port, s3.port())) {
                s3.bucket(bucket);
                assertThat(service.copies.tick(true)).isEqualTo(2);
                assertThat(service.copies.pending()).isEmpty();
                assertThat(service.events).filteredOn(OffsiteEvents.Delivered.class::isInstance)
                        .extracting(e -> ((OffsiteEvents.Delivered) e).id()).containsExactly(m.id(), newer.id());
                // the destination's retention (the local one: one a day) then keeps the newer of the same day
                assertThat(service.copies.list("offsite", false)).extracting(b -> b.id().toString())
                        .containsExactly(newer.id());
            }
            // delivered: the next prune may drop it
            pruner.prune(false);
            assertThat(service.catalog.list()).extracting(Manifest::id).containsExactly(newer.id());
        }

        // a store that accepts connections and never answers: the attempt's timeout, then queued
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             OffsiteHarness service = new OffsiteHarness(elsewhere, "http://127.0.0.1:" + silent.getLocalPort(),
                     "silent", Map.of("timeout", "1s", "attempts", "1"), Map.of())) {
            Manifest m = SyntheticBackups.publish(service.catalog, "neo4j", TODAY);
            service.copies.queue(m);
            long started = System.nanoTime();
            assertThat(service.copies.tick(false)).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(service.copies.pending()).singleElement().satisfies(p -> assertThat(p.lastError())
                    .isNotBlank());
        }
    }

    @Test
    void aLostQueueIsRebuiltFromTheDestinationSoThatNoBackupStaysWithoutItsCopy(CapturedOutput output)
            throws Exception {
        String bucket = s3.bucket("lost-queue");
        Manifest delivered;
        try (OffsiteHarness service = new OffsiteHarness(storage, s3.endpoint(), bucket, Map.of("prefix", "p"),
                Map.of())) {
            delivered = SyntheticBackups.publish(service.catalog, "neo4j", TODAY.minus(Duration.ofDays(2)));
            service.copies.queue(delivered);
            assertThat(service.copies.tick(false)).isEqualTo(1);
        }
        // two more runs whose queue entries are lost with a damaged state file (STATE_UNREADABLE: a clean start)
        Manifest lostOne = SyntheticBackups.publish(TestSigning.catalog(storage, Clock.systemUTC()), "neo4j",
                TODAY.minus(Duration.ofDays(1)));
        Manifest lostTwo = SyntheticBackups.publish(TestSigning.catalog(storage, Clock.systemUTC()), "neo4j", TODAY);
        Files.writeString(storage.resolve(".state.json"), "{ damaged");
        try (OffsiteHarness restarted = new OffsiteHarness(storage, s3.endpoint(), bucket, Map.of("prefix", "p"),
                Map.of())) {
            assertThat(restarted.copies.pending()).isEmpty();
            // the first tick compares: both are newer than the destination's newest, both go
            assertThat(restarted.copies.tick(false)).isEqualTo(2);
            assertThat(output.getOut()).contains("OFFSITE_REQUEUED: " + lostOne.id(), "OFFSITE_REQUEUED: "
                    + lostTwo.id()).doesNotContain("OFFSITE_REQUEUED: " + delivered.id());
            assertThat(restarted.copies.list("offsite", false)).extracting(b -> b.id().toString())
                    .containsExactly(delivered.id(), lostOne.id(), lostTwo.id());
            // once: the next tick has nothing to compare or send
            assertThat(restarted.copies.tick(false)).isZero();
        }
    }

    @Test
    void twoServicesOnOneBucketPruneOnlyTheirOwnAndNeverOverwriteAnothersBackup() throws Exception {
        String bucket = s3.bucket("fleet");
        Map<String, String> keepOne = Map.of("retention.keep-daily", "1", "retention.keep-weekly", "0",
                "retention.keep-monthly", "0");
        try (OffsiteHarness a = new OffsiteHarness(storage, s3.endpoint(), bucket, with(keepOne, "prefix", "host-a"),
                Map.of());
             OffsiteHarness b = new OffsiteHarness(elsewhere, s3.endpoint(), bucket, with(keepOne, "prefix",
                     "host-b"), Map.of())) {
            Manifest bOld = SyntheticBackups.publish(b.catalog, "neo4j", TODAY.minus(Duration.ofDays(3)));
            b.copies.queue(bOld);
            b.copies.tick(false);
            for (int day = 3; day >= 0; day--) {
                Manifest m = SyntheticBackups.publish(a.catalog, "neo4j", TODAY.minus(Duration.ofDays(day)));
                a.copies.queue(m);
                a.copies.tick(false);
            }
            // A keeps one (its own rule) and never saw B's: B's old backup is still there
            assertThat(a.copies.list("offsite", false)).hasSize(1);
            assertThat(b.copies.list("offsite", false)).extracting(r -> r.id().toString()).containsExactly(bOld.id());
            assertThat(a.copies.list("offsite", true)).extracting(RemoteBackup::prefix)
                    .containsExactlyInAnyOrder("host-a", "host-b");

            // a third service misconfigured onto B's prefix, with another backup under the same id: not overwritten
            Path third = Files.createTempDirectory(storage, "third");
            try (OffsiteHarness c = new OffsiteHarness(third, s3.endpoint(), bucket, with(keepOne, "prefix", "host-b"),
                    Map.of())) {
                Manifest clash = publishRandom(c.catalog, bOld.created(), 1000);
                c.copies.queue(clash);
                assertThat(c.copies.tick(false)).isZero();
                assertThat(c.copies.pending()).singleElement().satisfies(p -> assertThat(p.lastErrorCode())
                        .isEqualTo("OFFSITE_CONFLICT"));
            }
            assertThat(b.copies.list("offsite", false)).singleElement().satisfies(r -> assertThat(r.manifest()
                    .sha256()).isEqualTo(bOld.sha256()));
            assertThatThrownBy(() -> b.copies.list("nowhere", false)).isInstanceOfSatisfying(BackupFailure.class,
                    f -> assertThat(f.reason()).contains("configured: offsite"));
        }
    }

    @Test
    void theSecretKeyIsInNoLogLineErrorOrObject(CapturedOutput output) throws Exception {
        String bucket = s3.bucket("secrets");
        String wrongSecret = "wrong-secret-7c1d93e0aa";
        try (OffsiteHarness good = new OffsiteHarness(storage, s3.endpoint(), bucket, Map.of("prefix", "p"), Map.of());
             OffsiteHarness bad = new OffsiteHarness(elsewhere, s3.endpoint(), bucket, Map.of("prefix", "q",
                     "secret-access-key", wrongSecret, "attempts", "1"), Map.of())) {
            Manifest m = SyntheticBackups.publish(good.catalog, "neo4j", TODAY);
            good.copies.queue(m);
            assertThat(good.copies.tick(false)).isEqualTo(1);
            Manifest n = SyntheticBackups.publish(bad.catalog, "neo4j", TODAY);
            bad.copies.queue(n);
            assertThat(bad.copies.tick(false)).isZero();
            BackupFailure failure = bad.events.stream().filter(OffsiteEvents.Failed.class::isInstance)
                    .map(e -> ((OffsiteEvents.Failed) e).failure()).findFirst().orElseThrow();

            for (String secret : List.of(S3Server.CREDENTIAL, wrongSecret)) {
                assertThat(output.getAll()).doesNotContain(secret);
                assertThat(String.join("\n", failure.lines())).doesNotContain(secret);
                assertThat(String.valueOf(bad.state.read().offsiteOrEmpty())).doesNotContain(secret);
                assertThat(Files.readString(storage.resolve(CatalogNames.STATE))).doesNotContain(secret);
                assertThat(bad.offsite.toString()).doesNotContain(secret).contains("(hidden)");
                try (Stream<Path> objects = Files.walk(s3.bucketFolder(bucket))) {
                    for (Path object : objects.filter(Files::isRegularFile).toList()) {
                        assertThat(Files.readString(object, StandardCharsets.ISO_8859_1))
                                .doesNotContain(secret);
                    }
                }
            }
            assertThat(failure.reason()).contains("offsite");
        }
    }

    /**
     * A remote object far larger than its manifest says (a 3 GB file whose manifest says a few KB, here 256 MB):
     * refused by its size before it is read, with the numbers, through a relay that counts what the store sent; no
     * partial file is left and nothing is published. Then a manifest whose size cannot fit in the storage folder:
     * BACKUP_NO_SPACE before a byte is downloaded.
     */
    @Test
    void anArchiveLargerThanItsManifestOrLargerThanTheDiskIsRefusedBeforeItIsDownloaded() throws Exception {
        String bucket = s3.bucket("too-large");
        try (OffsiteHarness service = new OffsiteHarness(storage, s3.endpoint(), bucket, Map.of("prefix", "p"),
                Map.of())) {
            Manifest m = SyntheticBackups.publish(service.catalog, "neo4j", TODAY);
            service.copies.queue(m);
            assertThat(service.copies.tick(false)).isEqualTo(1);
            BackupId id = BackupId.parse(m.id());
            Path object = s3.bucketFolder(bucket).resolve("p/neo4j/" + CatalogNames.archiveName(m));
            long huge = 256L * 1024 * 1024;
            try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
                file.setLength(huge); // sparse: costs no disk
            }

            int port = S3Server.freePort();
            try (TcpRelay relay = TcpRelay.open(port, s3.port());
                 OffsiteHarness fresh = new OffsiteHarness(elsewhere, "http://127.0.0.1:" + port, bucket,
                         Map.of("prefix", "p"), Map.of())) {
                assertThatThrownBy(() -> fresh.copies.fetch("offsite", id, line -> { }))
                        .isInstanceOfSatisfying(BackupFailure.class, f -> {
                            assertThat(f.code()).as(f.getMessage()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
                            assertThat(f.reason()).contains("larger than its manifest says")
                                    .contains("nothing was published");
                            assertThat(f.numbers()).isEqualTo("Expected: " + m.storedBytes() + " bytes | Actual: "
                                    + huge + " bytes");
                        });
                assertThat(relay.bytesToClients()).as("what the store sent of its 256 MB")
                        .isLessThan(huge / 16);
                assertThat(fresh.catalog.entries()).isEmpty();
                try (Stream<Path> staged = Files.list(elsewhere.resolve(CatalogNames.STAGING))) {
                    assertThat(staged).as("no partial file").isEmpty();
                }

                // the manifest says the archive is 1 PB: that cannot fit, and nothing is downloaded to find out. It
                // is signed (a genuine backup larger than this disk), so it is the size that refuses it, not the trust
                Path manifestObject = s3.bucketFolder(bucket).resolve("p/neo4j/" + CatalogNames.manifestName(id));
                Manifest huger = m.toBuilder().storedBytes(1_000_000_000_000_000L).signature(null).build();
                Files.write(manifestObject, JsonCodec.toBytes(TestSigning.signer().sign(huger)));
                long before = relay.bytesToClients();
                assertThatThrownBy(() -> fresh.copies.fetch("offsite", id, line -> { }))
                        .isInstanceOfSatisfying(BackupFailure.class, f -> {
                            assertThat(f.code()).as(f.getMessage()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
                            assertThat(f.reason()).contains("to fetch " + id + " from offsite")
                                    .contains("nothing was downloaded");
                            assertThat(f.numbers()).startsWith("Required: ").contains("| Available: ");
                            assertThat(f.action()).contains("then fetch again");
                        });
                assertThat(relay.bytesToClients() - before).as("the manifest only").isLessThan(64 * 1024);
                assertThat(fresh.catalog.entries()).isEmpty();
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.put(key, value);
        return all;
    }

    /** A backup whose archive is {@code size} random bytes (a multipart upload beyond 5 MB parts). */
    static Manifest publishRandom(BackupCatalog catalog, Instant created, int size) throws IOException {
        BackupId id = BackupId.of("neo4j", created);
        Path work = catalog.newWorkDir(id);
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path archive = Files.write(work.resolve(CatalogNames.archiveName(id, Compression.GZIP)), content);
        Manifest manifest = TestManifests.dump(id).trigger(Trigger.MANUAL).archive(archive.getFileName().toString())
                .rawBytes(size).storedBytes(size).sha256(ArchivePacker.sha256(archive))
                .durationsMs(Map.of("total", 1000L)).neo4jVersion("5.26.0").build();
        catalog.publish(archive, manifest);
        Files.deleteIfExists(work);
        return manifest;
    }

    static byte[] json(Object value) {
        return JsonCodec.toBytes(value);
    }
}
