package dev.neo4jbackup.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.neo4jbackup.domain.Compression;

/** Packaging and verification on data of our own: sizes, checksum, and damage found. */
class ArchiveRoundTripTest {

    @TempDir
    Path dir;

    Path dump() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        for (int i = 0; i < data.length / 2; i++) {
            data[i] = (byte) (i % 16); // half compressible
        }
        return Files.write(dir.resolve("neo4j.dump"), data);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void packedArchiveVerifiesWithTheSameChecksumAsSha256(Compression compression) throws Exception {
        Path dump = dump();
        long raw = Files.size(dump);
        String rawSha = ArchivePacker.sha256(dump);

        PackResult packed = new ArchivePacker(1).pack(dump, dir.resolve("a" + compression.suffix()), compression);

        assertThat(packed.rawBytes()).isEqualTo(raw);
        assertThat(packed.storedBytes()).isEqualTo(Files.size(packed.archive()));
        assertThat(packed.sha256()).isEqualTo(ArchivePacker.sha256(packed.archive()));
        if (compression == Compression.NONE) {
            assertThat(packed.sha256()).isEqualTo(rawSha);
            assertThat(dump).doesNotExist(); // moved, not copied
        } else {
            assertThat(packed.ratio()).isLessThan(0.8); // level 1 deflates this compressible sample
        }
        ArchiveVerifier.Result result = new ArchiveVerifier().verify(packed.archive(), compression, packed.sha256());
        assertThat(result.ok()).isTrue();
        assertThat(result.uncompressedBytes()).isEqualTo(raw);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void oneFlippedByteIsACorruptedArchiveWithExpectedAndGot(Compression compression) throws Exception {
        PackResult packed = new ArchivePacker().pack(dump(), dir.resolve("a" + compression.suffix()), compression);
        try (RandomAccessFile file = new RandomAccessFile(packed.archive().toFile(), "rw")) {
            file.seek(packed.storedBytes() / 2);
            int b = file.read();
            file.seek(packed.storedBytes() / 2);
            file.write(b ^ 0x01);
        }

        ArchiveVerifier.Result result = new ArchiveVerifier().verify(packed.archive(), compression, packed.sha256());

        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).isEqualTo("checksum mismatch");
        assertThat(result.expected()).isEqualTo(packed.sha256());
        assertThat(result.actual()).isNotEqualTo(packed.sha256()).hasSize(64);
    }

    @Test
    void aTruncatedGzipIsDamagedEvenWhenItsOwnChecksumMatches() throws Exception {
        PackResult packed = new ArchivePacker().pack(dump(), dir.resolve("a.dump.gz"), Compression.GZIP);
        try (RandomAccessFile file = new RandomAccessFile(packed.archive().toFile(), "rw")) {
            file.setLength(packed.storedBytes() - 100);
        }
        String shaOfTruncated = ArchivePacker.sha256(packed.archive());

        ArchiveVerifier.Result result = new ArchiveVerifier().verify(packed.archive(), Compression.GZIP,
                shaOfTruncated);

        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).startsWith(ArchiveVerifier.TRUNCATED);
    }

    /** Every level gunzips to the dump's own bytes, 0 (stored, the default for a dump) too. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 6, 9})
    void everyGzipLevelGunzipsToTheSameBytes(int level) throws Exception {
        Path dump = dump();
        byte[] raw = Files.readAllBytes(dump);

        PackResult packed = new ArchivePacker(level).pack(dump, dir.resolve("a.dump.gz"), Compression.GZIP);

        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(packed.archive()))) {
            assertThat(in.readAllBytes()).isEqualTo(raw);
        }
        assertThat(new ArchivePacker().level()).isEqualTo(ArchivePacker.DEFAULT_LEVEL).isZero();
        assertThat(new ArchiveVerifier().verify(packed.archive(), Compression.GZIP, packed.sha256()).ok()).isTrue();
        // and the gzip tool reads it: the file stays a plain .gz whatever the level
        Process gzipTest = new ProcessBuilder("gzip", "-t", packed.archive().toString()).redirectErrorStream(true)
                .start();
        assertThat(gzipTest.waitFor()).as(new String(gzipTest.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void theLevelIsSetOnTheDeflaterLevel1FasterLevel9NoLarger() throws Exception {
        Path dump = dump();
        byte[] copy = Files.readAllBytes(dump);
        long fast = new ArchivePacker(1).pack(dump, dir.resolve("1.dump.gz"), Compression.GZIP).storedBytes();
        Path again = Files.write(dir.resolve("again.dump"), copy);
        long best = new ArchivePacker(9).pack(again, dir.resolve("9.dump.gz"), Compression.GZIP).storedBytes();
        assertThat(best).isLessThan(fast); // the levels reach the deflater: the compressible half packs tighter
        Path third = Files.write(dir.resolve("third.dump"), copy);
        long stored = new ArchivePacker(0).pack(third, dir.resolve("0.dump.gz"), Compression.GZIP).storedBytes();
        // level 0 deflates nothing: every byte, plus gzip's 18 and 5 per stored block (zlib's are 16-64 KB)
        assertThat(stored).isGreaterThan(copy.length).isLessThanOrEqualTo(copy.length + 18 + 5L
                * (copy.length / 16_384 + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ArchivePacker(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ArchivePacker(10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksumLineIsWhatSha256sumWritesAndReads() {
        ChecksumLine line = new ChecksumLine("a".repeat(64), "neo4j-20251227-153000.dump.gz");
        assertThat(line.format()).isEqualTo("a".repeat(64) + "  neo4j-20251227-153000.dump.gz\n");
        assertThat(ChecksumLine.parse(line.format())).isEqualTo(line);
        assertThat(ChecksumLine.parse("b".repeat(64) + " *x.dump").fileName()).isEqualTo("x.dump");
    }
}
