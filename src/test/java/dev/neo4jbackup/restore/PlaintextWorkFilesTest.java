package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.crypt.AgeKeys;
import dev.neo4jbackup.crypt.AgeOpener;
import dev.neo4jbackup.crypt.AgeProgram;
import dev.neo4jbackup.crypt.AgeSealer;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.TestManifests;
import dev.neo4jbackup.testing.TestSigning;

/**
 * The graph in plaintext on disk, outside the archive: a validation of an encrypted backup decrypts its dump into
 * {@code .staging}. That file is owner-only from its creation (0600 in a 0700 folder), so a validate killed while
 * it extracts (here: a validation whose work folder was never closed, what a kill leaves) leaves nothing another
 * user can read, and the next validation sweeps it with a log line. With the real age; no Neo4j.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlaintextWorkFilesTest {

    @TempDir
    Path storage;

    @TempDir
    Path keys;

    Path identity;
    BackupCatalog catalog;

    @BeforeEach
    void keys() throws Exception {
        AgeKeys.assumeAge();
        identity = AgeKeys.identity(keys, "key");
        catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
    }

    /** An encrypted backup of a "dump" of random bytes, published as a run would. */
    Manifest encryptedBackup(String text) throws Exception {
        BackupId id = BackupId.parse(text);
        Path work = catalog.newWorkDir(id);
        byte[] plain = new byte[300_000];
        new Random(3).nextBytes(plain);
        Path dump = Files.write(work.resolve("neo4j.dump"), plain);
        AgeProgram age = new AgeProgram("age", ChildEnvironment.byName());
        PackResult packed = new ArchivePacker().pack(dump, work.resolve(CatalogNames.archiveName(id, Compression.GZIP,
                false, true)), Compression.GZIP, new AgeSealer(age, List.of(new AgeRecipient(AgeKeys.recipient(
                        identity))), null));
        Manifest manifest = TestManifests.dump(id).trigger(Trigger.MANUAL)
                .archive(packed.archive().getFileName().toString()).rawBytes(packed.rawBytes())
                .storedBytes(packed.storedBytes()).ratio(packed.ratio()).sha256(packed.sha256())
                .durationsMs(Map.of("total", 1000L)).graph(new GraphStats(0, 0, Map.of(), Map.of(), 0, 0))
                .neo4jVersion("5.26.0").encryption(packed.encryption()).kind(Kind.DUMP).build();
        catalog.publish(packed.archive(), manifest);
        BackupCatalog.deleteQuietly(work);
        return manifest;
    }

    BackupValidator validator() {
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        // no neo4j-admin on this host: the header is not read, everything before it is
        Neo4jAdmin none = new Neo4jAdmin(() -> {
            throw new IllegalStateException("no NEO4J_HOME here");
        }, processes);
        return new BackupValidator(catalog, new StorageLock(storage), none, Clock.systemUTC(), Duration.ofMinutes(1),
                new AgeOpener(new AgeProgram("age", ChildEnvironment.byName()), identity));
    }

    @Test
    void aDecryptedDumpIsOwnerOnlyInStagingAndTheNextValidationSweepsItWithALogLine(CapturedOutput output)
            throws Exception {
        Manifest first = encryptedBackup("neo4j-20261201-020000");
        Manifest second = encryptedBackup("neo4j-20261202-020000");
        BackupValidator validator = validator();

        // a validation that never got to clean up (killed while it extracted): its decrypted dump stays behind
        BackupValidator.Prepared left;
        try (StorageLock.Held held = new StorageLock(storage).acquire("test")) {
            left = validator.prepare(first.id(), false, held, BackupValidator.BY_VALIDATE);
        }
        Path folder = left.dumpDir();
        Path dump = folder.resolve("neo4j.dump");
        assertThat(dump).exists();
        assertThat(folder.getParent()).isEqualTo(storage.resolve(CatalogNames.STAGING));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        // a run's work folder (a dump or a logical export before it is sealed) is owner-only too
        Path runWork = catalog.newWorkDir(BackupId.parse("neo4j-20261203-020000"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runWork))).isEqualTo("rwx------");
        BackupCatalog.deleteQuietly(runWork);

        // the next validation (the next `validate`) removes it first, and says so
        BackupValidator.Validation next = validator.validate(second.id(), false);

        assertThat(next.checks()).anyMatch(c -> c.startsWith("decrypted: "));
        assertThat(folder).doesNotExist();
        assertThat(output.getOut()).contains("STAGING_SWEPT: removed 1 item(s) an interrupted validation, restore or "
                + "drill left in " + storage + "/.staging");
        try (var staged = Files.list(storage.resolve(CatalogNames.STAGING))) {
            assertThat(staged).isEmpty();
        }
    }
}
