package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.TestManifests;

/**
 * Validation against real archives and the real neo4j-admin: a checksum mismatch found by validate, a
 * restore or a drill is remembered in the manifest (CORRUPTED), and the refusal names the newest valid
 * other backup; a sidecar that disagrees with the manifest is its own error; validate holds the storage
 * lock and works in a folder of its own.
 */
@ExtendWith(Neo4jExtension.class)
class BackupValidatorTest {

    @TempDir
    Path storage;

    @Test
    void aChecksumMismatchIsRememberedAndTheRefusalNamesTheNewestValidOtherBackup(Neo4jServer server)
            throws IOException {
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            BackupCatalog catalog = fixture.catalog;
            String newest = fixture.sharedBackup();
            String older = copyOf(catalog, newest, Duration.ofDays(1));
            String oldest = copyOf(catalog, newest, Duration.ofDays(2));
            assertThat(fixture.validator.validate(older, false).manifest().status()).isEqualTo(Manifest.Status.VALIDATED);

            // validate finds it: CORRUPTED with when, expected, got and by what; the action names `older`
            Manifest before = catalog.require(newest);
            RestoreRefusalsTest.flip(catalog.archivePath(before), Files.size(catalog.archivePath(before)) / 2);
            Instant t0 = Instant.now();
            BackupFailure byValidate = catchThrowableOfType(BackupFailure.class,
                    () -> fixture.validator.validate(newest, false));
            assertThat(byValidate.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
            assertThat(byValidate.action()).isEqualTo("Try a different backup: neo4j-backup restore " + older
                    + " (the newest valid backup of neo4j, taken " + catalog.require(older).created()
                    + "; neo4j-backup list shows the others)");
            Manifest marked = catalog.require(newest);
            assertThat(marked.status()).isEqualTo(Manifest.Status.CORRUPTED);
            assertThat(marked.corruption().foundBy()).isEqualTo("validate");
            assertThat(marked.corruption().expected()).isEqualTo(before.sha256());
            assertThat(marked.corruption().got()).isNotEqualTo(before.sha256()).hasSize(64);
            assertThat(byValidate.numbers()).isEqualTo("Expected: " + before.sha256() + " | Got: "
                    + marked.corruption().got());
            assertThat(marked.corruption().at()).isBetween(t0.minusSeconds(1), Instant.now());
            assertThat(catalog.list()).filteredOn(m -> m.id().equals(newest)).extracting(Manifest::status)
                    .containsExactly(Manifest.Status.CORRUPTED);

            // a restore finds it: nothing touched, recorded as found by the restore; the corrupted newest
            // backup is never offered, the next valid one is
            RestoreRefusalsTest.flip(catalog.archivePath(catalog.require(older)), 100);
            BackupFailure byRestore = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(older));
            assertThat(byRestore.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
            assertThat(byRestore.action()).startsWith("Try a different backup: neo4j-backup restore " + oldest + " ");
            assertThat(catalog.require(older).status()).isEqualTo(Manifest.Status.CORRUPTED);
            assertThat(catalog.require(older).corruption().foundBy()).isEqualTo("restore");
            assertThat(catalog.list()).as("no safety backup taken").hasSize(3);

            // a drill finds it, and with every other backup corrupted the action says there is none
            RestoreRefusalsTest.flip(catalog.archivePath(catalog.require(oldest)), 200);
            BackupFailure byDrill = catchThrowableOfType(BackupFailure.class, () -> fixture.restorer.drill(
                    new RestoreRequest(oldest, null, null, false, false, false)));
            assertThat(byDrill.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
            assertThat(byDrill.action()).isEqualTo("Try a different backup: there is none, no other valid backup of "
                    + "neo4j is stored; take a new one now: neo4j-backup create");
            assertThat(catalog.require(oldest).corruption().foundBy()).isEqualTo("drill");
            assertThat(catalog.list()).extracting(Manifest::status).containsOnly(Manifest.Status.CORRUPTED);
        }
    }

    @Test
    void aSidecarThatNamesAnotherFileOrHoldsAnotherHashIsItsOwnErrorNotCorruption(Neo4jServer server)
            throws IOException {
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.sharedBackup();
            Manifest manifest = fixture.catalog.require(id);
            Path sidecar = fixture.catalog.sidecarPath(manifest);
            String good = Files.readString(sidecar);

            Files.writeString(sidecar, new ChecksumLine(manifest.sha256(), "/etc/passwd").format());
            BackupFailure namesAnother = catchThrowableOfType(BackupFailure.class,
                    () -> fixture.validator.validate(id, false));
            assertThat(namesAnother.code()).isEqualTo(ErrorCode.BACKUP_SIDECAR_MISMATCH);
            assertThat(namesAnother.reason()).contains(sidecar.getFileName() + " of " + id + " names /etc/passwd, "
                    + "not the archive " + manifest.archive()).contains("the archive itself matches its manifest");
            assertThat(namesAnother.numbers()).isEqualTo("Expected: " + manifest.sha256() + "  " + manifest.archive()
                    + " | Got: " + manifest.sha256() + "  /etc/passwd");
            assertThat(namesAnother.action()).contains("echo '" + manifest.sha256() + "  " + manifest.archive() + "'");

            String otherHash = "0".repeat(64);
            Files.writeString(sidecar, new ChecksumLine(otherHash, manifest.archive()).format());
            BackupFailure otherHashFailure = catchThrowableOfType(BackupFailure.class,
                    () -> fixture.validator.validate(id, false));
            assertThat(otherHashFailure.code()).isEqualTo(ErrorCode.BACKUP_SIDECAR_MISMATCH);
            assertThat(otherHashFailure.reason()).contains("holds another hash than the manifest");

            Files.delete(sidecar);
            assertThat(catchThrowableOfType(BackupFailure.class, () -> fixture.validator.validate(id, false))
                    .reason()).contains("is missing");
            assertThat(fixture.catalog.require(id).status()).as("the data is fine: not CORRUPTED")
                    .isEqualTo(Manifest.Status.COMPLETE);

            Files.writeString(sidecar, good);
            BackupValidator.Validation passed = fixture.validator.validate(id, false);
            assertThat(passed.checks()).contains("sidecar: " + sidecar.getFileName() + " names " + manifest.archive()
                    + " with the manifest's hash");
            assertThat(passed.manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
        }
    }

    @Test
    void validateHoldsTheStorageLockAndWorksInAFolderOfItsOwn(Neo4jServer server) throws IOException {
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.sharedBackup();
            // a restore (here: its lock) holds the storage: validate says so and changes nothing
            try (StorageLock.Held held = new StorageLock(storage).acquire("restore " + id + " into neo4j on primary")) {
                BackupFailure locked = catchThrowableOfType(BackupFailure.class,
                        () -> fixture.validator.validate(id, false));
                assertThat(locked.code()).isEqualTo(ErrorCode.BACKUP_LOCKED);
                assertThat(locked.reason()).contains("pid " + ProcessHandle.current().pid())
                        .contains("(restore " + id + " into neo4j on primary)");
            }
            assertThat(fixture.catalog.require(id).status()).isEqualTo(Manifest.Status.COMPLETE);

            // the folder a run of that id works in is left alone (today's validate emptied it)
            Path runFolder = Files.createDirectories(storage.resolve(".staging").resolve(id));
            Path inUse = Files.writeString(runFolder.resolve("neo4j.dump"), "a run's dump, being written");
            BackupValidator.Validation validation = fixture.validator.validate(id, false);
            assertThat(validation.manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
            assertThat(inUse).hasContent("a run's dump, being written");
            try (var entries = Files.list(storage.resolve(".staging"))) {
                assertThat(entries).as("the validation's own folder is gone").containsExactly(runFolder);
            }
            // and the lock is free again for the next one
            assertThat(new StorageLock(storage).heldBy()).isEmpty();
        }
    }

    /** The same real archive under an earlier id: another restorable backup without another dump. */
    static String copyOf(BackupCatalog catalog, String id, Duration earlier) throws IOException {
        Manifest m = catalog.require(id);
        BackupId copy = BackupId.of(m.database(), m.created().minus(earlier));
        Path work = catalog.newWorkDir(copy);
        String archive = CatalogNames.archiveName(copy, m.compression());
        Path staged = Files.copy(catalog.archivePath(m), work.resolve(archive), StandardCopyOption.COPY_ATTRIBUTES);
        catalog.publish(staged, TestManifests.plain(m).id(copy.toString()).created(m.created().minus(earlier))
                .status(Manifest.Status.COMPLETE).archive(archive).validatedAt(null).validation(null).corruption(null)
                .build());
        BackupCatalog.deleteQuietly(work);
        return copy.toString();
    }
}
