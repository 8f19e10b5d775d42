package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file {@code restore --file} works on: the graph in plaintext, owner-only from its first byte, gunzipped. */
class FileRestoreCopyTest {

    private static final String LINES = "{\"type\":\"node\",\"id\":\"0\",\"labels\":[\"A\"],\"properties\":{}}\n";

    @Test
    void aPlainFileIsCopiedOwnerOnly(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("export.json"), LINES);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));

        Path copy = FileRestore.copy(source, dir.resolve("file.jsonl"));

        assertThat(copy).hasContent(LINES.strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
    }

    @Test
    void aGzipFileIsGunzippedWhateverItsName(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("export.json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(source))) {
            out.write(LINES.getBytes(StandardCharsets.UTF_8));
        }

        Path copy = FileRestore.copy(source, dir.resolve("file.jsonl"));

        assertThat(Files.readString(copy)).isEqualTo(LINES);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
    }
}
