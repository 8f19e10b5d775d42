package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.backup.PruneResult;
import dev.neo4jbackup.backup.Pruner;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.HostileFiles;
import dev.neo4jbackup.testing.MutableClock;
import dev.neo4jbackup.testing.SyntheticBackups;
import dev.neo4jbackup.testing.TestProperties;
import dev.neo4jbackup.testing.TestSigning;

/**
 * The catalogue on its own, over real files: every bad file of {@link HostileFiles} is an INVALID entry
 * with its reason, the trusted listing and the successes leave them out, paths come from ids only, links
 * are never followed, and pruning and deleting never touch a file outside the root.
 */
class CatalogTrustTest {

    @TempDir
    Path base;

    final Instant now = Instant.parse("2026-06-15T12:00:00Z");
    final MutableClock clock = new MutableClock(now);
    HostileFiles files;
    BackupCatalog catalog;

    @BeforeEach
    void setUp() throws IOException {
        files = HostileFiles.create(base, now);
        catalog = TestSigning.catalog(files.root, clock);
    }

    @Test
    void everyBadFileIsAnInvalidEntryWithItsReason() throws IOException {
        Map<String, CatalogEntry> entries = catalog.entries().stream()
                .collect(Collectors.toMap(CatalogEntry::fileName, Function.identity()));
        for (HostileFiles.Bad bad : files.invalid) {
            CatalogEntry entry = entries.get(bad.file());
            assertThat(entry).as(bad.file()).isNotNull();
            assertThat(entry.valid()).as(bad.file()).isFalse();
            assertThat(entry.status()).isEqualTo("INVALID");
            assertThat(entry.problem()).as(bad.file()).contains(bad.reason());
            assertThat(entry.id().toString()).isEqualTo(bad.id());
        }
        assertThat(entries.get(files.newest.id() + ".json").valid()).isTrue();
        assertThat(entries.get(files.failedWithoutArchive + ".json").status()).isEqualTo("FAILED");
        files.assertCanariesUntouched();
    }

    @Test
    void theTrustedListingAndTheSuccessesLeaveThemOut() throws IOException {
        List<String> listed = catalog.list().stream().map(Manifest::id).toList();
        assertThat(listed).doesNotContainAnyElementsOf(files.invalid.stream().map(HostileFiles.Bad::id).toList())
                .contains(files.newest.id(), files.failedWithoutArchive.toString());
        // the newest real backup is listed once: the old-named FAILED file carrying its id is not a second one
        assertThat(listed.stream().filter(files.newest.id()::equals)).hasSize(1);
        assertThat(catalog.list().stream().filter(m -> m.id().equals(files.newest.id())).findFirst().orElseThrow()
                .status()).isEqualTo(Manifest.Status.COMPLETE);

        List<String> successes = catalog.successes().stream().map(Manifest::id).toList();
        assertThat(successes).endsWith(files.newest.id()).doesNotContain(files.failedWithoutArchive.toString());
        files.assertCanariesUntouched();
    }

    @Test
    void findAndRequireRefuseAnInvalidEntryWithItsReason() {
        assertThat(catalog.find("neo4j-20200105-000000")).isEmpty();
        assertThatThrownBy(() -> catalog.require("neo4j-20200105-000000")).isInstanceOfSatisfying(BackupFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_INVALID);
                    assertThat(f.reason()).contains("does not match the file name");
                    assertThat(f.action()).contains("neo4j-backup delete neo4j-20200105-000000 --force");
                });
        assertThatThrownBy(() -> catalog.require("neo4j-20250110-000000"))
                .hasMessageContaining("neo4j-20250110-000000.dump.gz is a symbolic link (to "
                        + files.outside.resolve("canary.dump.gz"));
        assertThat(catalog.require(files.newest.id()).id()).isEqualTo(files.newest.id());
    }

    @Test
    void aFutureDatedManifestBecomesValidOnceItsTimeHasCome() {
        String future = catalog.entries().stream().filter(e -> !e.valid() && e.problem().contains("in the future"))
                .findFirst().orElseThrow().id().toString();
        clock.set(now.plus(Duration.ofDays(31)));
        assertThat(catalog.find(future)).isPresent();
    }

    @Test
    void pathsComeFromTheIdAndTheCompressionOnly() {
        BackupId id = BackupId.parse("neo4j-20250101-000000");
        assertThat(catalog.archivePath(id, Compression.GZIP)).isEqualTo(files.root.resolve(id + ".dump.gz"));
        assertThat(catalog.archivePath(id, Compression.NONE)).isEqualTo(files.root.resolve(id + ".dump"));
        assertThat(catalog.sidecarPath(id, Compression.GZIP)).isEqualTo(files.root.resolve(id + ".dump.gz.sha256"));
        assertThat(catalog.manifestPath(id)).isEqualTo(files.root.resolve(id + ".json"));
        Manifest lying = files.newest;
        Manifest withOtherArchive = Manifest.builder().id(lying.id()).database(lying.database())
                .created(lying.created()).trigger(lying.trigger()).status(lying.status())
                .compression(lying.compression()).archive("/etc/passwd").rawBytes(1).storedBytes(1).ratio(1)
                .sha256(lying.sha256()).build();
        assertThat(catalog.archivePath(withOtherArchive)).isEqualTo(files.root.resolve(lying.id() + ".dump.gz"));
        assertThatThrownBy(() -> catalog.manifestPath("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStagingLinkIsRefusedNamingTheLinkAndNeverSwept() throws IOException {
        assertThatThrownBy(() -> catalog.newWorkDir(BackupId.parse("neo4j-20260101-000000")))
                .isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.STORAGE_UNSAFE);
                    assertThat(f.reason()).contains(files.root.resolve(".staging").toString(), "symbolic link",
                            files.outside.resolve("staging-target").toString());
                });
        assertThat(catalog.sweepStaging()).isZero();
        catalog.prepare(); // list and status must still work: prepare does not refuse, the writers do
        assertThatThrownBy(() -> catalog.update(files.newest)).isInstanceOf(BackupFailure.class);
        files.assertCanariesUntouched();
    }

    @Test
    void pruningDropsOnlyTrustedOldBackupsAndKeepsTheNewest() throws IOException {
        Pruner pruner = new Pruner(TestProperties.bind(Map.of("retention.keep-daily", "1", "retention.keep-weekly",
                "0", "retention.keep-monthly", "0")), catalog, event -> { }, clock, t -> t.plus(Duration.ofDays(1)));
        PruneResult result = pruner.prune(false);

        assertThat(result.deleted()).doesNotContain(files.newest.id())
                .doesNotContainAnyElementsOf(files.invalid.stream().map(HostileFiles.Bad::id).toList());
        assertThat(files.root.resolve(files.newest.id() + ".json")).exists();
        assertThat(files.root.resolve(files.newest.id() + ".dump.gz")).exists();
        for (String bad : files.invalidFiles()) {
            assertThat(Files.exists(files.root.resolve(bad), LinkOption.NOFOLLOW_LINKS)).as(bad).isTrue();
        }
        assertThat(result.failures()).anyMatch(f -> f.startsWith(".staging: is a symbolic link"));
        files.assertCanariesUntouched();
    }

    @Test
    void deletingAnInvalidEntryRemovesOnlyTheFilesNamedFromItsFileName() throws IOException {
        CatalogEntry mismatch = catalog.entry(BackupId.parse("neo4j-20200105-000000")).orElseThrow();
        catalog.deleteEntry(mismatch);
        assertThat(files.root.resolve("neo4j-20200105-000000.json")).doesNotExist();
        assertThat(files.root.resolve(files.newest.id() + ".json")).exists();
        assertThat(files.root.resolve(files.newest.id() + ".dump.gz")).exists();

        CatalogEntry archiveLink = catalog.entry(BackupId.parse("neo4j-20250110-000000")).orElseThrow();
        catalog.deleteEntry(archiveLink); // removes the link itself, never what it points at
        assertThat(Files.exists(files.root.resolve("neo4j-20250110-000000.dump.gz"),
                LinkOption.NOFOLLOW_LINKS)).isFalse();
        for (String id : List.of("neo4j-20250101-000000", "neo4j-20250102-000000", "neo4j-20250103-000000")) {
            catalog.deleteEntry(catalog.entry(BackupId.parse(id)).orElseThrow());
        }
        files.assertCanariesUntouched();
    }

    @Test
    void manifestsAreParsedOnceAndAgainWhenTheirFileChanges() throws IOException {
        Path file = files.root.resolve(files.newest.id() + ".json");
        assertThat(catalog.find(files.newest.id()).orElseThrow().reason()).isNull();
        catalog.entries();
        Manifest first = catalog.list().stream().filter(m -> m.id().equals(files.newest.id())).findFirst().orElseThrow();
        Manifest again = catalog.list().stream().filter(m -> m.id().equals(files.newest.id())).findFirst().orElseThrow();
        assertThat(again).isSameAs(first); // from the cache, not parsed again

        // changed in place by another process (same size is possible: the file key and mtime still differ)
        String json = Files.readString(file).replace("\"trigger\" : \"SCHEDULED\"", "\"trigger\" : \"MANUAL\"   ");
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.from(now.plusSeconds(1)));
        assertThat(catalog.find(files.newest.id()).orElseThrow().trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(catalog.list().stream().filter(m -> m.id().equals(files.newest.id())).findFirst().orElseThrow()
                .trigger()).isEqualTo(Trigger.MANUAL);

        Files.writeString(file, "{}"); // broken later: INVALID at the next listing
        assertThat(catalog.entry(BackupId.parse(files.newest.id())).orElseThrow().problem())
                .contains("required fields missing");
    }

    @Test
    void aNewlyPublishedBackupIsListedAtOnce() throws IOException {
        int before = catalog.list().size();
        BackupCatalog plain = TestSigning.catalog(files.root, Clock.systemUTC());
        // a catalogue without a .staging link to publish through
        Files.delete(files.root.resolve(".staging"));
        SyntheticBackups.publish(plain, "neo4j", now.minus(Duration.ofHours(1)));
        assertThat(catalog.list()).hasSize(before + 1);
    }

    @Test
    void theBoundedReadRefusesALargeFileWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[2048]);
        assertThatThrownBy(() -> JsonCodec.readBounded(big, 1024)).isInstanceOf(JsonCodec.TooLarge.class)
                .hasMessageContaining("2048 bytes, more than the 1024 bytes limit");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), big);
        assertThatThrownBy(() -> JsonCodec.readBounded(link, 4096)).isInstanceOf(IOException.class);
        assertThat(JsonCodec.readBounded(big, 4096)).hasSize(2048);
    }
}
