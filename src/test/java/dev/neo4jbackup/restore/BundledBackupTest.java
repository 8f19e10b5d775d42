package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.TestManifests;

/**
 * The bundled initial backup as input: accepted only with a matching checksum beside it and a dump header (or
 * a JSON line), every refusal INITIAL_RESTORE_INVALID with its reason. Generated files, no Neo4j.
 */
class BundledBackupTest {

    @TempDir
    Path dir;

    @Test
    void aDumpWithItsSidecarIsAccepted() throws Exception {
        Path dump = write("neo4j.dump", dumpBytes());
        sidecar(dump, sha256(dump), "neo4j.dump");
        BundledBackup.Checked checked = BundledBackup.check(dump);
        assertThat(checked.content()).isEqualTo(BundledBackup.Content.DUMP);
        assertThat(checked.compression()).isEqualTo(Compression.NONE);
        assertThat(checked.sha256()).isEqualTo(sha256(dump));
        assertThat(checked.checkedBy()).isEqualTo("sidecar neo4j.dump.sha256");
    }

    @Test
    void aGzippedDumpWithItsManifestIsAccepted() throws Exception {
        Path archive = dir.resolve("neo4j-20260101-020000.dump.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(dumpBytes());
        }
        Manifest manifest = TestManifests.dump("neo4j-20260101-020000").trigger(Trigger.MANUAL)
                .archive(archive.getFileName().toString()).rawBytes(10).storedBytes(10).sha256(sha256(archive))
                .build();
        Files.write(dir.resolve("neo4j-20260101-020000.json"), JsonCodec.toBytes(manifest));
        BundledBackup.Checked checked = BundledBackup.check(archive);
        assertThat(checked.content()).isEqualTo(BundledBackup.Content.DUMP);
        assertThat(checked.compression()).isEqualTo(Compression.GZIP);
        assertThat(checked.manifest().id()).isEqualTo("neo4j-20260101-020000");
        assertThat(checked.checkedBy()).isEqualTo("manifest");
    }

    @Test
    void aJsonLinesExportIsALogicalOne() throws Exception {
        Path export = write("graph.jsonl", "{\"type\":\"node\",\"id\":\"0\",\"labels\":[\"A\"]}\n"
                .getBytes(StandardCharsets.UTF_8));
        sidecar(export, sha256(export), "graph.jsonl");
        assertThat(BundledBackup.check(export).content()).isEqualTo(BundledBackup.Content.LOGICAL);
    }

    @Test
    void aChecksumThatDoesNotMatchIsRefusedWithBothNumbers() throws Exception {
        Path dump = write("neo4j.dump", dumpBytes());
        sidecar(dump, "0".repeat(64), "neo4j.dump");
        assertInvalid(dump, "the checksum of neo4j.dump does not match");
        String got = sha256(dump);
        assertThatThrownBy(() -> BundledBackup.check(dump)).isInstanceOfSatisfying(BackupFailure.class,
                f -> assertThat(f.numbers()).isEqualTo("Expected: " + "0".repeat(64) + " | Got: " + got));
    }

    @Test
    void aFileWithNothingToCheckItAgainstIsRefused() throws Exception {
        Path dump = write("neo4j.dump", dumpBytes());
        assertInvalid(dump, "nothing to check neo4j.dump against: no neo4j.dump.sha256 and no manifest next to it");
    }

    @Test
    void aFileThatIsNoDumpIsRefusedWithItsFirstBytes() throws Exception {
        Path dump = write("neo4j.dump", "PK\u0003\u0004zip".getBytes(StandardCharsets.ISO_8859_1));
        sidecar(dump, sha256(dump), "neo4j.dump");
        assertInvalid(dump, "neo4j.dump is neither a Neo4j dump (it starts with 'PK\\x03\\x04', not DZV1 or DGV1)"
                + " nor a JSON-lines logical export");
    }

    @Test
    void aBrokenGzipIsRefused() throws Exception {
        Path archive = write("neo4j.dump.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        sidecar(archive, sha256(archive), "neo4j.dump.gz");
        assertInvalid(archive, "neo4j.dump.gz is not a valid gzip file");
    }

    @Test
    void aSidecarOfAnotherFileIsRefused() throws Exception {
        Path dump = write("neo4j.dump", dumpBytes());
        sidecar(dump, sha256(dump), "other.dump");
        assertInvalid(dump, "neo4j.dump.sha256 is the checksum of other.dump, not of neo4j.dump");
    }

    @Test
    void aSidecarThatIsNoChecksumLineIsRefused() throws Exception {
        Path dump = write("neo4j.dump", dumpBytes());
        Files.writeString(dir.resolve("neo4j.dump.sha256"), "hello\n");
        assertInvalid(dump, "neo4j.dump.sha256 is not a sha256sum line");
    }

    @Test
    void missingEmptyAndFolderAreRefused() throws Exception {
        assertInvalid(dir.resolve("absent.dump"), "absent.dump does not exist");
        assertInvalid(Files.createDirectory(dir.resolve("folder.dump")), "folder.dump is not a regular file");
        assertInvalid(write("empty.dump", new byte[0]), "empty.dump is empty");
    }

    private void assertInvalid(Path file, String reason) {
        assertThatThrownBy(() -> BundledBackup.check(file)).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.INITIAL_RESTORE_INVALID);
            assertThat(f.reason()).startsWith("The bundled initial backup cannot be used: ").contains(reason);
        });
    }

    private static byte[] dumpBytes() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        System.arraycopy("DZV1".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        return bytes;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void sidecar(Path file, String sha256, String named) throws IOException {
        Files.writeString(dir.resolve(file.getFileName() + ".sha256"), sha256 + "  " + named + "\n");
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
