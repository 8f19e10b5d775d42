package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.SmallFilesystem;
import dev.neo4jbackup.testing.TestManifests;

/**
 * A full disk is not corruption: validate and restore extract the dump before checking it, and on a small
 * tmpfs with too little room they answer BACKUP_NO_SPACE with the numbers, never BACKUP_CORRUPTED, and
 * the manifest stays as it was. Both the check before extracting (the manifest's dump size) and a real
 * ENOSPC while extracting (a manifest that does not know the size). Needs root to mount the tmpfs.
 */
@ExtendWith(Neo4jExtension.class)
class ValidateOnFullDiskTest {

    @TempDir
    Path dir;

    SmallFilesystem mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            mounted.close();
        }
    }

    @Test
    void noSpaceWhileExtractingIsBackupNoSpaceAndTheBackupIsNotMarkedCorrupted(Neo4jServer server) throws Exception {
        mounted = SmallFilesystem.mountOrSkip(dir, "24m");
        Path mount = mounted.path();
        Path storage = mount.resolve("backups");

        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.sharedBackup();
            Manifest manifest = fixture.catalog.require(id);
            long raw = manifest.rawBytes();
            assertThat(raw).as("the dump's size is in the manifest").isPositive();
            Path filler = mount.resolve("filler");
            fill(storage, filler, raw / 2);
            long startsBefore = RestoreRefusalsTest.startsInLog(server);

            // checked before extracting: the manifest says how big the dump is
            BackupFailure validate = catchThrowableOfType(BackupFailure.class,
                    () -> fixture.validator.validate(id, false));
            assertThat(validate.code()).as(validate.getMessage()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(validate.reason()).startsWith("Not enough space in " + storage.resolve(".staging")
                    + " to extract the dump of " + id).doesNotContain("corrupt");
            assertThat(validate.numbers()).startsWith("Required: " + Sizes.human(raw) + " | Available: ");
            assertThat(validate.action()).startsWith("Free up space").doesNotContain("different backup");
            assertThat(fixture.catalog.require(id).status()).isEqualTo(Manifest.Status.COMPLETE);
            assertNothingLeftInStaging(storage);

            BackupFailure restore = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(id));
            assertThat(restore.code()).as(restore.getMessage()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(fixture.catalog.require(id).status()).isEqualTo(Manifest.Status.COMPLETE);
            assertThat(fixture.tracker.current().message()).contains("refused before anything was touched");
            assertThat(fixture.catalog.list()).as("no safety backup taken").hasSize(1);
            assertThat(RestoreRefusalsTest.startsInLog(server)).as("Neo4j never stopped").isEqualTo(startsBefore);

            // a manifest that does not know the dump's size: the real ENOSPC while extracting, mapped
            fixture.catalog.update(withRawBytes(manifest, 0));
            BackupFailure enospc = catchThrowableOfType(BackupFailure.class,
                    () -> fixture.validator.validate(id, false));
            assertThat(enospc.code()).as(enospc.getMessage()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
            assertThat(enospc.reason()).startsWith("No space left on device while extracting the dump of " + id)
                    .doesNotContain("Checksum mismatch");
            assertThat(enospc.numbers()).startsWith("Required: unknown | Available: ");
            assertThat(fixture.catalog.require(id).status()).as("not marked CORRUPTED").isEqualTo(Manifest.Status.COMPLETE);
            assertThat(fixture.catalog.require(id).corruption()).isNull();
            assertNothingLeftInStaging(storage);

            // with room again, the same backup validates: it never was damaged
            Files.delete(filler);
            fixture.catalog.update(manifest);
            assertThat(fixture.validator.validate(id, false).manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
        }
    }

    private static void assertNothingLeftInStaging(Path storage) throws Exception {
        try (var staging = Files.list(storage.resolve(".staging"))) {
            assertThat(staging).as("no extracted dump left behind").isEmpty();
        }
    }

    static Manifest withRawBytes(Manifest m, long rawBytes) {
        return TestManifests.plain(m).rawBytes(rawBytes).build();
    }

    /** Writes real bytes (tmpfs keeps sparse files free) until {@code leave} bytes are usable. */
    private static void fill(Path storage, Path filler, long leave) throws Exception {
        FileStore store = Files.getFileStore(storage);
        long toWrite = store.getUsableSpace() - leave;
        assertThat(toWrite).as("room to fill").isPositive();
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < toWrite; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, toWrite - written));
            }
        }
    }
}
