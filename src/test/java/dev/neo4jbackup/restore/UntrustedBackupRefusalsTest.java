package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.config.SigningKeyFileCheck;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.signing.ManifestSigner;
import dev.neo4jbackup.signing.SigningKey;
import dev.neo4jbackup.signing.Trust;
import dev.neo4jbackup.testing.ForgedBackups;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.TestSigning;

/**
 * Against the real Neo4j and the real files: a consistent forged backup (manifest, archive and sidecar agree, the
 * checksums are right) without a signature, or with one that is not its own, is refused by the restore, the
 * validation and the drill with BACKUP_UNTRUSTED before Neo4j is touched (no stop, no safety backup, the same
 * graph); a signed one verifies, also after a key rotation; {@code validate --sign} makes an unsigned one
 * restorable. One real restore (the signed forgery's dump is the shared backup's: the shared server ends as it was).
 */
@ExtendWith({Neo4jExtension.class, OutputCaptureExtension.class})
class UntrustedBackupRefusalsTest {

    @TempDir
    Path storage;

    @Test
    void aForgedBackupIsRefusedBeforeNeo4jIsTouchedAndOneAnOperatorSignsIsRestored(Neo4jServer server,
            CapturedOutput output) throws Exception {
        RunnerFixture runner = new RunnerFixture(server, storage)
                // the drill's scratch target: never reached when the refusal comes first
                .set("restore.targets.drill.home", storage.resolve("no-neo4j-here").toString())
                .set("restore.targets.drill.uri", "bolt://127.0.0.1:1");
        try (RestoreFixture fixture = new RestoreFixture(runner)) {
            String real = fixture.sharedBackup();
            Instant taken = BackupId.parse(real).created();
            String unsigned = ForgedBackups.unsigned(storage, real, taken.plusSeconds(60));
            String wrong = ForgedBackups.wronglySigned(storage, real, taken.plusSeconds(120));
            BackupCatalog catalog = fixture.catalog;

            // a backup written by the service verifies; the forgeries are what they are
            assertThat(trust(catalog, real)).isEqualTo(Trust.signed(catalog.signer().keyId()));
            assertThat(trust(catalog, unsigned).state()).isEqualTo(Trust.State.UNSIGNED);
            assertThat(trust(catalog, wrong).state()).isEqualTo(Trust.State.UNTRUSTED);
            assertThat(trust(catalog, wrong).reason()).contains("does not match its content");
            // the badly signed one never counts: not the newest success (health, metrics, the drill's choice)
            assertThat(catalog.successes()).extracting(Manifest::id).containsExactly(real, unsigned);

            GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
            long starts = RestoreRefusalsTest.startsInLog(server);
            for (String forged : List.of(unsigned, wrong)) {
                BackupFailure restore = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(forged));
                assertThat(restore.code()).as(forged).isEqualTo(ErrorCode.BACKUP_UNTRUSTED);
                assertThat(restore.reason()).startsWith(forged + " (the storage folder) is "
                        + (forged.equals(unsigned) ? "UNSIGNED" : "UNTRUSTED")).endsWith("not used for the restore, "
                                + "nothing was touched");
                assertThat(restore.action()).contains("--trust-unsigned");
                assertThat(fixture.tracker.current().message()).contains("refused before anything was touched");
                assertThat(fixture.events).anyMatch(e -> e instanceof RestoreEvents.RestoreFailed f
                        && f.id().equals(forged) && f.failure().code() == ErrorCode.BACKUP_UNTRUSTED);

                BackupFailure validate = catchThrowableOfType(BackupFailure.class,
                        () -> fixture.validator.validate(forged, false));
                assertThat(validate.code()).as(forged).isEqualTo(ErrorCode.BACKUP_UNTRUSTED);
                assertThat(catalog.require(forged).status()).isEqualTo(Manifest.Status.COMPLETE); // not VALIDATED

                RestoreResult dryRun = fixture.restorer.restore(new RestoreRequest(forged, null, null, false, true,
                        true), Confirmer.YES);
                assertThat(dryRun.lines()).anyMatch(l -> l.startsWith("Would be refused (BACKUP_UNTRUSTED): " + forged));
            }
            // the drill takes the newest backup that counts: the unsigned one, refused
            fixture.events.clear();
            assertThat(new RestoreDrill(fixture.restorer, catalog, List.of("neo4j"), "drill").runOnce()).isEmpty();
            assertThat(fixture.events).filteredOn(RestoreEvents.RestoreFailed.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(e).isInstanceOfSatisfying(RestoreEvents.RestoreFailed.class, f -> {
                        assertThat(f.id()).isEqualTo(unsigned);
                        assertThat(f.failure().code()).isEqualTo(ErrorCode.BACKUP_UNTRUSTED);
                    }));
            assertThat(output.getOut()).contains("BACKUP_UNTRUSTED: " + unsigned + " (the storage folder) is UNSIGNED")
                    .contains("drill refused, nothing was touched");
            // nothing touched: no stop, no safety backup, the same graph
            assertThat(RestoreRefusalsTest.startsInLog(server)).isEqualTo(starts);
            assertThat(catalog.entries()).hasSize(3);
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);

            // a key rotation: the new key signs, the old one still verifies what it signed
            ManifestSigner rotated = new ManifestSigner(new SigningKey(new byte[32], "new key"), List.of(
                    new SigningKey(SigningKeyFileCheck.read(TestSigning.keyFile(), storage, "old"), "old key")));
            BackupCatalog afterRotation = new BackupCatalog(storage, Clock.systemUTC(), rotated);
            assertThat(trust(afterRotation, real)).isEqualTo(Trust.signed(catalog.signer().keyId()));
            BackupValidator validator = new BackupValidator(afterRotation, new StorageLock(storage), new Neo4jAdmin(
                    server.installation(), new ProcessRunner(ChildEnvironment.byName())), Clock.systemUTC(),
                    Duration.ofMinutes(5));
            validator.validate(real, false);
            // validated, it is signed again with the current key
            assertThat(trust(afterRotation, real)).isEqualTo(Trust.signed(rotated.keyId()));
            assertThat(trust(afterRotation, unsigned).state()).isEqualTo(Trust.State.UNSIGNED);

            // validate --sign: the operator vouches for the unsigned one; it is validated, signed, and restored
            BackupValidator.Validation signed = fixture.validator.sign(unsigned, false);
            assertThat(signed.checks()).last().asString().startsWith("signature: signed with key "
                    + catalog.signer().keyId() + " (was UNSIGNED: ");
            assertThat(output.getOut()).contains("BACKUP_SIGNED: " + unsigned + " signed with key "
                    + catalog.signer().keyId() + " by the operator (validate --sign)");
            assertThat(trust(catalog, unsigned)).isEqualTo(Trust.signed(catalog.signer().keyId()));
            RestoreResult restored = fixture.restorer.restore(new RestoreRequest(unsigned, null, null, false, false,
                    false), Confirmer.YES);
            assertThat(restored.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
            // restored and validated again: still signed (the update signs again what was signed)
            assertThat(trust(catalog, unsigned)).isEqualTo(Trust.signed(catalog.signer().keyId()));
            assertThat(catalog.require(unsigned).validation()).isEqualTo("restore+checks on primary");
        }
    }

    static Trust trust(BackupCatalog catalog, String id) {
        return catalog.entry(BackupId.parse(id)).map(CatalogEntry::trust).orElseThrow();
    }
}
