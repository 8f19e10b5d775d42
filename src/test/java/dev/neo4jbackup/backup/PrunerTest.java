package dev.neo4jbackup.backup;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.retention.RetentionPolicy;
import dev.neo4jbackup.testing.TestProperties;

/**
 * Retention on real files: archive, sidecar and manifest triples published through the catalogue, plus
 * our own debris and files that are not ours. The retention contract: BACKUP_RETENTION_DAYS=7 and 10 daily
 * backups leave the 7 newest.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrunerTest {

    static final Instant NOW = Instant.parse("2025-12-27T02:05:00Z");

    @TempDir
    Path storage;

    BackupCatalog catalog;
    final List<Object> events = new ArrayList<>();
    final List<String> daily = new ArrayList<>();

    @BeforeEach
    void tenDailyBackupsOurDebrisAndForeignFiles() throws IOException {
        catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
        for (int day = 18; day <= 27; day++) {
            daily.add(publish("neo4j", Instant.parse("2025-12-" + day + "T02:00:00Z")).id());
        }
        // A partial backup newer than every good one: its manifest survived, its archive did not.
        Manifest partial = publish("neo4j", Instant.parse("2025-12-27T03:00:00Z"));
        Files.delete(catalog.archivePath(partial));
        // An orphan pair (manifest gone), and staging debris from a crash.
        Manifest orphan = publish("neo4j", Instant.parse("2025-12-10T02:00:00Z"));
        Files.delete(catalog.manifestPath(orphan.id()));
        Files.createDirectories(storage.resolve(".staging/neo4j-20251227-040000"));
        Files.writeString(storage.resolve(".staging/neo4j-20251227-040000/neo4j.dump"), "half a dump");
        // Not ours: never touched.
        Files.writeString(storage.resolve("notes.txt"), "ops notes");
        Files.writeString(storage.resolve("other-db-20251201.dump"), "someone else's dump");
        Files.writeString(storage.resolve("neo4j-2025-12-01.dump.gz"), "another tool's naming");
        Files.writeString(storage.resolve("settings.json"), "{}");
    }

    Manifest publish(String database, Instant created) throws IOException {
        return dev.neo4jbackup.testing.SyntheticBackups.publish(catalog, database, created);
    }

    Pruner pruner(Map<String, String> properties) {
        Map<String, String> values = new java.util.HashMap<>(properties);
        values.put("storage.path", storage.toString());
        BackupProperties bound = TestProperties.bind(values);
        return new Pruner(bound, catalog, events::add, Clock.fixed(NOW, ZoneOffset.UTC),
                t -> t.plus(Duration.ofDays(1)));
    }

    Set<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(storage)) {
            return walk.filter(Files::isRegularFile).map(p -> storage.relativize(p).toString())
                    .filter(name -> !name.equals(".lock")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static Set<String> triple(String id) {
        return Set.of(id + ".dump.gz", id + ".dump.gz.sha256", id + ".json");
    }

    @Test
    void retentionDaysSevenKeepsTheSevenNewestAndRemovesOurLeftoversOnly(CapturedOutput output) throws IOException {
        Set<String> expected = new TreeSet<>(Set.of("notes.txt", "other-db-20251201.dump",
                "neo4j-2025-12-01.dump.gz", "settings.json"));
        daily.subList(3, 10).forEach(id -> expected.addAll(triple(id)));

        PruneResult result = pruner(Map.of("retention.days", "7")).prune(false);

        assertThat(files()).isEqualTo(expected);
        assertThat(result.deleted()).containsExactlyInAnyOrder("neo4j-20251227-030000", daily.get(0), daily.get(1),
                daily.get(2));
        assertThat(result.leftovers()).containsExactlyInAnyOrder("neo4j-20251210-020000.dump.gz",
                "neo4j-20251210-020000.dump.gz.sha256", ".staging/neo4j-20251227-040000");
        assertThat(result.plan().find("neo4j-20251227-030000").orElseThrow().why())
                .isEqualTo("invalid (failed or partial)");
        assertThat(result.plan().find(daily.get(9)).orElseThrow().why())
                .isEqualTo("daily 1/7, weekly 1/4, monthly 1/3");
        assertThat(result.ok()).isTrue();
        assertThat(events).singleElement().isInstanceOfSatisfying(BackupEvents.BackupsPruned.class, pruned -> {
            assertThat(pruned.database()).isEqualTo("neo4j");
            assertThat(pruned.ids()).hasSize(4);
            assertThat(pruned.bytesFreed()).isEqualTo(result.bytesFreed()).isPositive();
            assertThat(pruned.at()).isEqualTo(NOW);
        });
        assertThat(catalog.list()).extracting(Manifest::id).containsExactlyElementsOf(daily.subList(3, 10));
        assertThat(output).contains("CLEANUP_START: neo4j: 11 backups, keep daily 7, weekly 4, monthly 3, min-keep 1")
                .contains("CLEANUP_SUCCESS: Deleted 4 backups (neo4j-20251227-030000, neo4j-20251220-020000, "
                        + "neo4j-20251219-020000, neo4j-20251218-020000), freed ");

        // Once more: nothing left to do.
        events.clear();
        PruneResult again = pruner(Map.of("retention.days", "7")).prune(false);
        assertThat(again.deleted()).isEmpty();
        assertThat(again.leftovers()).isEmpty();
        assertThat(files()).isEqualTo(expected);
        assertThat(output).contains("CLEANUP_SUCCESS: nothing to delete");
    }

    @Test
    void aDryRunDeletesNothingAndSaysWhatItWould(CapturedOutput output) throws IOException {
        Set<String> before = files();

        PruneResult result = pruner(Map.of("retention.days", "7")).prune(true);

        assertThat(files()).isEqualTo(before);
        assertThat(result.dryRun()).isTrue();
        assertThat(result.deleted()).isEmpty();
        assertThat(result.plan().droppedIds()).hasSize(4);
        assertThat(result.bytesFreed()).isEqualTo(result.plan().bytesFreed()).isPositive();
        assertThat(result.leftovers()).hasSize(3);
        assertThat(events).isEmpty();
        assertThat(output).contains("CLEANUP_SUCCESS: Would delete 4 backups").contains("would free");
    }

    @Test
    void theBytesFreedAreTheFilesOnDisk() throws IOException {
        long dropped = 0;
        for (String id : List.of(daily.get(0), daily.get(1), daily.get(2))) {
            for (String name : triple(id)) {
                dropped += Files.size(storage.resolve(name));
            }
        }
        dropped += Files.size(storage.resolve("neo4j-20251227-030000.json"))
                + Files.size(storage.resolve("neo4j-20251227-030000.dump.gz.sha256"));

        PruneResult result = pruner(Map.of("retention.days", "7")).prune(false);

        assertThat(result.bytesFreed()).isEqualTo(dropped);
    }

    @Test
    void keepLastOneAloneLeavesTheSingleNewestBackup() throws IOException {
        pruner(Map.of("retention.keep-last", "1", "retention.keep-daily", "0", "retention.keep-weekly", "0",
                "retention.keep-monthly", "0")).prune(false);

        assertThat(catalog.list()).extracting(Manifest::id).containsExactly(daily.get(9));
    }

    @Test
    void planReadsOnlyAndGivesExpiryTimes() throws IOException {
        Set<String> before = files();

        var plan = pruner(Map.of("retention.days", "7", "retention.keep-weekly", "0", "retention.keep-monthly", "0",
                "retention.expiring-soon", "2d")).plan();

        assertThat(files()).isEqualTo(before);
        List<String> newestFirst = new ArrayList<>(daily.subList(3, 10));
        java.util.Collections.reverse(newestFirst);
        assertThat(plan.keptIds()).containsExactlyElementsOf(newestFirst);
        // daily runs assumed: the oldest kept (21 Dec 02:00) goes with the run a day after now
        assertThat(plan.find(daily.get(3)).orElseThrow().expires()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(plan.expiringSoon()).extracting(d -> d.id()).containsExactly(daily.get(3), daily.get(4));
    }

    @Test
    void backupRetentionDaysIsTheKeepDailyShorthand() {
        BackupProperties properties = TestProperties.bind(Map.of("retention.days", "10"));

        RetentionPolicy policy = Pruner.policy(properties.retention());

        assertThat(policy).isEqualTo(new RetentionPolicy(0, 10, 4, 3, null, 1, Duration.ofDays(7)));
        assertThat(Pruner.policy(TestProperties.bind(Map.of()).retention()).describe())
                .isEqualTo("daily 7, weekly 4, monthly 3, min-keep 1");
    }

    @Test
    void keepHourlyIsOffByDefaultAndBindsLikeTheOtherRules() {
        assertThat(Pruner.policy(TestProperties.bind(Map.of()).retention()).keepHourly()).isZero();

        RetentionPolicy policy = Pruner.policy(TestProperties.bind(Map.of("retention.keep-hourly", "24"))
                .retention());

        assertThat(policy).isEqualTo(new RetentionPolicy(0, 24, 7, 4, 3, null, 1, Duration.ofDays(7)));
        assertThat(policy.describe()).isEqualTo("hourly 24, daily 7, weekly 4, monthly 3, min-keep 1");
        assertThatThrownBy(() -> TestProperties.bind(Map.of("retention.keep-hourly", "-1")))
                .hasStackTraceContaining("backup.retention.keep-hourly");
    }
}
