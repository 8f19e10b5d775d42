package dev.neo4jbackup.crypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.archive.LayerFailed;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;

/**
 * The packer's pass with the real age, on generated data: the stock {@code age -d} opens what we write, we
 * open what the stock {@code age} writes, a wrong key and a truncated file are told apart, a missing program
 * is ENCRYPTION_UNAVAILABLE.
 */
class AgeArchiveTest {

    @TempDir
    static Path keys;
    static Path identity;
    static Path otherIdentity;
    static AgeRecipient recipient;
    static AgeRecipient otherRecipient;

    @TempDir
    Path dir;

    final AgeProgram age = new AgeProgram("age", ChildEnvironment.byName());

    @BeforeAll
    static void keys() throws Exception {
        AgeKeys.assumeAge();
        identity = AgeKeys.identity(keys, "key");
        otherIdentity = AgeKeys.identity(keys, "other");
        recipient = new AgeRecipient(AgeKeys.recipient(identity));
        otherRecipient = new AgeRecipient(AgeKeys.recipient(otherIdentity));
    }

    Path dump() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        for (int i = 0; i < data.length / 2; i++) {
            data[i] = (byte) (i % 16);
        }
        return Files.write(dir.resolve("neo4j.dump"), data);
    }

    PackResult seal(Compression compression, AgeRecipient... to) throws Exception {
        return new ArchivePacker().pack(dump(), dir.resolve("a" + compression.suffix() + ".age"), compression,
                new AgeSealer(age, List.of(to), null));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void theStockAgeOpensWhatThePackerWrites(Compression compression) throws Exception {
        byte[] original = Files.readAllBytes(dump());
        PackResult packed = seal(compression, recipient, otherRecipient);

        assertThat(new String(java.util.Arrays.copyOf(Files.readAllBytes(packed.archive()), 21),
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        assertThat(packed.sha256()).isEqualTo(ArchivePacker.sha256(packed.archive()));
        assertThat(packed.encryption().format()).isEqualTo("age");
        assertThat(packed.encryption().recipientFingerprints())
                .containsExactly(recipient.fingerprint(), otherRecipient.fingerprint());
        // the plaintext hash is what `age -d | sha256sum` prints
        String plain = AgeKeys.sh("age -d -i " + identity + " " + packed.archive() + " | sha256sum").split(" ")[0];
        assertThat(packed.encryption().plaintextSha256()).isEqualTo(plain);
        // by hand, as docs/encryption.md says: age -d -i key.txt <id>.dump.gz.age | gunzip > neo4j.dump
        Path byHand = dir.resolve("by-hand.dump");
        AgeKeys.sh("age -d -i " + otherIdentity + " " + packed.archive()
                + (compression == Compression.GZIP ? " | gunzip" : "") + " > " + byHand);
        assertThat(Files.readAllBytes(byHand)).isEqualTo(original);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void theVerifierOpensWithTheIdentityAndChecksBothHashes(Compression compression) throws Exception {
        byte[] original = Files.readAllBytes(dump());
        PackResult packed = seal(compression, recipient);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ArchiveVerifier.Result result = new ArchiveVerifier().verify(packed.archive(), compression, packed.sha256(),
                out, new AgeOpener(age, identity));

        assertThat(result.ok()).as(result.problem()).isTrue();
        assertThat(result.plainSha256()).isEqualTo(packed.encryption().plaintextSha256());
        assertThat(out.toByteArray()).isEqualTo(original);
    }

    @Test
    void theVerifierOpensWhatTheStockAgeWrites() throws Exception {
        Path dump = dump();
        Path archive = dir.resolve("stock.dump.gz.age");
        AgeKeys.sh("gzip -c " + dump + " | age -r " + recipient + " > " + archive);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ArchiveVerifier.Result result = new ArchiveVerifier().verify(archive, Compression.GZIP,
                ArchivePacker.sha256(archive), out, new AgeOpener(age, identity));

        assertThat(result.ok()).as(result.problem()).isTrue();
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(dump));
    }

    @Test
    void aWrongKeyIsTheLayersFailureOnAnIntactFile() throws Exception {
        PackResult packed = seal(Compression.GZIP, recipient);

        ArchiveVerifier.Result result = new ArchiveVerifier().verify(packed.archive(), Compression.GZIP,
                packed.sha256(), java.io.OutputStream.nullOutputStream(), new AgeOpener(age, otherIdentity));

        assertThat(result.ok()).isFalse();
        assertThat(result.actual()).isEqualTo(packed.sha256()); // the file is intact
        assertThat(result.layerFailed()).contains("no identity matched any of the recipients");
        assertThat(result.plainSha256()).isNull();
    }

    @Test
    void aTruncatedFileIsAChecksumMismatchAndNeverAShortDump() throws Exception {
        PackResult packed = seal(Compression.NONE, recipient);
        try (RandomAccessFile file = new RandomAccessFile(packed.archive().toFile(), "rw")) {
            file.setLength(packed.storedBytes() / 2);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ArchiveVerifier.Result result = new ArchiveVerifier().verify(packed.archive(), Compression.NONE,
                packed.sha256(), out, new AgeOpener(age, identity));

        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).isEqualTo("checksum mismatch");
        // and with the truncated file's own hash (a sidecar rewritten to match) age still refuses its end
        ArchiveVerifier.Result rehashed = new ArchiveVerifier().verify(packed.archive(), Compression.NONE,
                ArchivePacker.sha256(packed.archive()), java.io.OutputStream.nullOutputStream(),
                new AgeOpener(age, identity));
        assertThat(rehashed.ok()).isFalse();
        assertThat(rehashed.layerFailed()).isNotNull();
    }

    @Test
    void aMissingProgramIsEncryptionUnavailable() throws Exception {
        AgeProgram missing = new AgeProgram(dir.resolve("no-such-age").toString(), ChildEnvironment.byName());

        assertThatThrownBy(missing::requirePresent).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.ENCRYPTION_UNAVAILABLE);
            assertThat(f.action()).contains("apt-get install age");
        });
        assertThat(age.requirePresent()).isNotBlank();
        // and the pass itself fails with the layer's failure, leaving no half-written seal running
        assertThatThrownBy(() -> new ArchivePacker().pack(dump(), dir.resolve("x.dump.gz.age"), Compression.GZIP,
                new AgeSealer(missing, List.of(recipient), null))).isInstanceOf(LayerFailed.class)
                .hasMessageContaining("cannot run");
    }

    @Test
    void theRecipientsFileIsReadAtEachSealAndItsBadLineNamed() throws Exception {
        Path file = dir.resolve("recipients.txt");
        Files.writeString(file, "# ops\n" + otherRecipient + "\n\n");
        AgeSealer sealer = new AgeSealer(age, List.of(recipient), file);
        assertThat(sealer.recipients()).containsExactly(recipient, otherRecipient);

        Files.writeString(file, "AGE-SECRET-KEY-1NOTAPUBLICKEY\n");
        assertThatThrownBy(sealer::recipients).isInstanceOf(LayerFailed.class)
                .hasMessageContaining("line 1 of " + file);
    }
}
