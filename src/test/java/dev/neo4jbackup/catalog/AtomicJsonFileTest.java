package dev.neo4jbackup.catalog;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** Every JSON file of ours is replaced whole, through a temp file that does not stay, and never through a link. */
class AtomicJsonFileTest {

    @TempDir
    Path dir;

    @Test
    void aShorterValueReplacesTheFileWholeAndNoTempFileIsLeft() throws IOException {
        Path file = dir.resolve(".state.json");
        AtomicJsonFile.write(file, Map.of("reason", "x".repeat(5000)));
        AtomicJsonFile.write(file, Map.of("reason", "short"));

        assertThat(Files.readString(file)).isEqualTo(new String(JsonCodec.toBytes(Map.of("reason", "short")),
                StandardCharsets.UTF_8));
        assertThat(JsonCodec.read(file, Map.class)).isEqualTo(Map.of("reason", "short"));
        assertThat(names()).containsExactly(".state.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void theTempFilesOfAWriteAreNeitherOurNamesNorVisible() {
        assertThat(CatalogNames.tempPrefix("neo4j-20250101-000000.json")).startsWith(".")
                .doesNotEndWith(CatalogNames.MANIFEST_SUFFIX);
        assertThat(CatalogNames.idPartOfOurs(CatalogNames.tempPrefix("neo4j-20250101-000000.json") + "123"
                + CatalogNames.TEMP_SUFFIX)).isEmpty();
        assertThat(CatalogNames.tempPrefix(".restore.json")).isEqualTo(".restore.json.");
    }

    @Test
    void aFolderThatIsASymbolicLinkIsRefusedAndItsTargetIsNotWritten() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(dir.resolve("storage"), outside);

        assertThatThrownBy(() -> AtomicJsonFile.write(link.resolve(".state.json"), Map.of("paused", true)))
                .isInstanceOfSatisfying(BackupFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.STORAGE_UNSAFE);
                    assertThat(failure.reason()).contains(link.toString()).contains("is a symbolic link (to " + outside);
                });
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileThatIsASymbolicLinkIsReplacedAsALinkAndItsTargetIsUntouched() throws IOException {
        Path outside = Files.writeString(Files.createDirectory(dir.resolve("outside")).resolve("canary"), "canary");
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Path file = Files.createSymbolicLink(storage.resolve(".restore.json"), outside);

        AtomicJsonFile.write(file, Map.of("state", "RECOVERED"));

        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(JsonCodec.read(file, Map.class)).isEqualTo(Map.of("state", "RECOVERED"));
        assertThat(Files.readString(outside)).isEqualTo("canary");
    }

    @Test
    void theSweepUnderTheLockRemovesTheTempOfAnInterruptedManifestWriteOnly() throws IOException {
        BackupCatalog catalog = TestSigning.catalog(dir, java.time.Clock.systemUTC());
        catalog.prepare();
        Files.writeString(dir.resolve(".neo4j-20251227-020000.json.81234.tmp"), "{\"id\": \"neo4j-2025");
        Files.writeString(dir.resolve(".state.json.81234.tmp"), "another process may be writing this one");

        catalog.sweepStaging();

        assertThat(names()).containsExactly(".staging", ".state.json.81234.tmp");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
