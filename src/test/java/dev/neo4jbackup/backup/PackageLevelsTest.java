package dev.neo4jbackup.backup;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.archive.Sealer;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.testing.TestProperties;

/**
 * gzip's level per kind of backup, as the run wires it from backup.compression-level: unset, a dump (Zstandard
 * inside) is stored in gzip's container without deflating, a logical export's JSON lines are deflated at
 * level 1; a configured level applies to both. The same compressible bytes go in each time, so the sizes
 * show which level the deflater got.
 */
class PackageLevelsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "BACKUP_COMPRESSIONLEVEL={0}: dump stored={1}, logical stored={2}")
    @CsvSource(delimiter = '|', value = {"''|true|false", "0|true|true", "1|false|false", "9|false|false"})
    void theLevelPerKind(String level, boolean dumpStored, boolean logicalStored) throws Exception {
        BackupProperties properties = TestProperties.bind(level.isEmpty() ? Map.of()
                : Map.of("compression-level", level));
        BackupCatalog catalog = TestSigning.catalog(dir.resolve("backups"), Clock.systemUTC());
        PackageStage stage = new PackageStage(catalog, Compression.GZIP, Sealer.NONE,
                properties.dumpCompressionLevel(), properties.textCompressionLevel());

        long dump = packedSize(stage, catalog, false, 1);
        long logical = packedSize(stage, catalog, true, 2);

        long raw = text().length;
        // stored blocks: the bytes plus gzip's header, trailer and 5 bytes per block of at most 64 KB
        assertThat(dump <= raw ? "deflated" : "stored").isEqualTo(dumpStored ? "stored" : "deflated");
        assertThat(logical <= raw ? "deflated" : "stored").isEqualTo(logicalStored ? "stored" : "deflated");
        if (!dumpStored) {
            assertThat(dump).isLessThan(raw / 5);
        }
    }

    private long packedSize(PackageStage stage, BackupCatalog catalog, boolean logical, int second)
            throws Exception {
        BackupId id = BackupId.of("neo4j", Instant.parse("2026-12-03T02:00:0" + second + "Z"));
        Path work = catalog.newWorkDir(id);
        Path file = Files.write(work.resolve(logical ? "neo4j.jsonl" : "neo4j.dump"), text());
        PackageStage.Packed packed = stage.pack(new CaptureStage.Capture(new Planned(id, "neo4j"), work, file,
                java.time.Duration.ZERO, null), logical);
        assertThat(packed.failure()).isNull();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(packed.result().archive()))) {
            assertThat(in.readAllBytes()).isEqualTo(text());
        }
        return packed.result().storedBytes();
    }

    private static byte[] text() {
        return "{\"type\":\"node\",\"labels\":[\"Person\"],\"properties\":{\"name\":\"Ada\"}}\n".repeat(20_000)
                .getBytes(StandardCharsets.UTF_8);
    }
}
