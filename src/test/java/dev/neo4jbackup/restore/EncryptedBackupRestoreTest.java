package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.crypt.AgeKeys;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Encryption at rest end to end with the real age and the real Neo4j, on the shared server (the restore loads
 * back the graph it was found with, and a node the test adds is removed whatever happens): a missing age fails the
 * preflight before the stop; a backup host with only the public key writes {@code <id>.dump.gz.age} that
 * {@code sha256sum -c} checks and that the stock {@code age -d | gunzip} turns into a dump neo4j-admin reads;
 * validate without the key checks the ciphertext; restore without the key, with a wrong key and of a truncated
 * file are refused before Neo4j stops; with the identity the restore loads the graph back.
 */
@ExtendWith(Neo4jExtension.class)
class EncryptedBackupRestoreTest {

    @TempDir
    Path storage;
    @TempDir
    Path keys;
    @TempDir
    Path byHand;

    @Test
    void encryptedRoundTripAndEveryRefusal(Neo4jServer server) throws Exception {
        AgeKeys.assumeAge();
        GraphFingerprint.Print original = GraphFingerprint.of(server.driver());
        try {
            roundTrip(server, original);
        } finally {
            // the shared server is left as it was found, also when an assertion failed before the restore
            server.run("MATCH (n:Later) DETACH DELETE n");
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);
    }

    private void roundTrip(Neo4jServer server, GraphFingerprint.Print original) throws Exception {
        Path key = AgeKeys.identity(keys, "key");
        Path wrongKey = AgeKeys.identity(keys, "wrong");
        AgeRecipient recipient = new AgeRecipient(AgeKeys.recipient(key));
        long starts = RestoreRefusalsTest.startsInLog(server);

        // 1. age missing: ENCRYPTION_UNAVAILABLE in the preflight, Neo4j never stopped
        RunReport missing = backupHost(server).set("encryption.age-binary", keys.resolve("no-age").toString()).build()
                .run(BackupRequest.of(Trigger.MANUAL, "no age"));
        assertThat(missing.ok()).isFalse();
        BackupFailure unavailable = missing.firstFailure().orElseThrow();
        assertThat(unavailable.code()).isEqualTo(ErrorCode.ENCRYPTION_UNAVAILABLE);
        assertThat(unavailable.action()).contains("apt-get install age");
        assertThat(RestoreRefusalsTest.startsInLog(server)).isEqualTo(starts);

        // 2. the backup host has the public key only
        RunReport report = backupHost(server).build().run(BackupRequest.of(Trigger.MANUAL, "encrypted"));
        assertThat(report.ok()).as(String.valueOf(report.firstFailure())).isTrue();
        String id = report.outcomes().get(0).id();
        starts = RestoreRefusalsTest.startsInLog(server); // the backup's own stop and start
        RestoreFixture noKey = new RestoreFixture(backupHost(server));
        Manifest manifest = noKey.catalog.require(id);
        assertThat(manifest.archive()).isEqualTo(id + ".dump.gz.age").isEqualTo(CatalogNames.archiveName(manifest));
        assertThat(manifest.encryption().format()).isEqualTo("age");
        assertThat(manifest.encryption().recipientFingerprints()).containsExactly(recipient.fingerprint());
        Path archive = noKey.catalog.archivePath(manifest);
        assertThat(storage.resolve(id + ".dump.gz")).doesNotExist();
        assertThat(storage.resolve(id + ".dump.gz.age.sha256")).exists();
        assertThat(AgeKeys.sh("cd " + storage + " && sha256sum -c " + id + ".dump.gz.age.sha256")).contains(": OK");

        // 3. by hand, as docs/encryption.md says; neo4j-admin reads the dump's header
        String plain = AgeKeys.sh("age -d -i " + key + " " + archive + " | sha256sum").split(" ")[0];
        assertThat(manifest.encryption().plaintextSha256()).isEqualTo(plain);
        AgeKeys.sh("age -d -i " + key + " " + archive + " | gunzip > " + byHand.resolve("neo4j.dump"));
        ProcessResult header = new Neo4jAdmin(server.installation(), new ProcessRunner(ChildEnvironment.byName()))
                .loadInfo(byHand, "neo4j", Duration.ofMinutes(2));
        assertThat(header.ok()).as(header.tail()).isTrue();

        // 4. validate without the key: the ciphertext's checksum and the sidecar
        BackupValidator.Validation shut = noKey.validator.validate(id, false);
        assertThat(shut.checks()).anyMatch(c -> c.contains("not decrypted"))
                .anyMatch(c -> c.startsWith("sidecar: ")).anyMatch(c -> c.startsWith("header: not read"));
        assertThat(shut.manifest().validation()).isEqualTo("checksum");
        BackupFailure deepShut = catchThrowableOfType(BackupFailure.class, () -> noKey.validator.validate(id, true));
        assertThat(deepShut.code()).isEqualTo(ErrorCode.ENCRYPTION_KEY_MISSING);

        // 5. restore without the key: refused before anything is touched (the safety backup's rollback, the load)
        server.run("CREATE (:Later {note: 'written after the backup'})");
        GraphFingerprint.Print later = GraphFingerprint.of(server.driver());
        BackupFailure safetyShut = catchThrowableOfType(BackupFailure.class, () -> noKey.restore(id));
        assertThat(safetyShut.code()).isEqualTo(ErrorCode.ENCRYPTION_KEY_MISSING);
        assertThat(safetyShut.action()).contains("backup.encryption.identity-file").contains("--no-safety-backup");
        BackupFailure keyMissing = catchThrowableOfType(BackupFailure.class, () -> noKey.restorer.restore(
                new RestoreRequest(id, null, null, false, false, false), Confirmer.YES));
        assertThat(keyMissing.code()).isEqualTo(ErrorCode.ENCRYPTION_KEY_MISSING);
        assertThat(keyMissing.reason()).contains(id + " is encrypted").contains("backup.encryption.identity-file")
                .contains(recipient.fingerprint());
        assertThat(noKey.tracker.current().message()).contains("refused before anything was touched");
        try (StorageLock.Held held = new StorageLock(storage).acquire("drill test")) {
            BackupFailure drill = catchThrowableOfType(BackupFailure.class,
                    () -> noKey.validator.prepare(id, false, held, BackupValidator.BY_DRILL));
            assertThat(drill.code()).isEqualTo(ErrorCode.ENCRYPTION_KEY_MISSING);
        }

        // 6. a wrong key: ENCRYPTION_FAILED, the backup not marked corrupted (its bytes are intact)
        RestoreFixture wrong = new RestoreFixture(backupHost(server).set("encryption.identity-file",
                wrongKey.toString()));
        BackupFailure failed = catchThrowableOfType(BackupFailure.class, () -> wrong.restorer.restore(
                new RestoreRequest(id, null, null, false, false, false), Confirmer.YES));
        assertThat(failed.code()).isEqualTo(ErrorCode.ENCRYPTION_FAILED);
        assertThat(failed.reason()).contains("no identity matched any of the recipients").contains("nothing was loaded");
        assertThat(wrong.catalog.require(id).status()).isEqualTo(Manifest.Status.VALIDATED);
        assertThat(RestoreRefusalsTest.startsInLog(server)).isEqualTo(starts);
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(later);

        // 7. with the identity: the restore's validation decrypts into staging and reads the header, then it loads
        RestoreFixture withKey = new RestoreFixture(backupHost(server).set("encryption.identity-file", key.toString()));
        RestoreResult restored = withKey.restorer.restore(new RestoreRequest(id, null, null, false, false, false),
                Confirmer.YES);
        assertThat(restored.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(restored.lines()).anyMatch(c -> c.contains("decrypted: with the age identity " + key))
                .anyMatch(c -> c.contains("header: ") && !c.contains("not read"));
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);

        // 8. a truncated file: BACKUP_CORRUPTED before the stop, never a short dump loaded
        long startsBefore = RestoreRefusalsTest.startsInLog(server);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        BackupFailure truncated = catchThrowableOfType(BackupFailure.class, () -> withKey.restorer.restore(
                new RestoreRequest(id, null, null, false, false, false), Confirmer.YES));
        assertThat(truncated.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
        assertThat(RestoreRefusalsTest.startsInLog(server)).isEqualTo(startsBefore);
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);
        noKey.close();
        wrong.close();
        withKey.close();
    }

    /** The host that takes backups: the public key, never the identity. */
    private RunnerFixture backupHost(Neo4jServer server) throws Exception {
        return new RunnerFixture(server, storage).set("encryption.recipients",
                AgeKeys.recipient(keys.resolve("key.txt")));
    }
}
