package dev.neo4jbackup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;

/**
 * Backups with any creation time, published through the real catalogue (archive, checksum file,
 * manifest), for retention tests that need a history no test can wait for. The archive holds text,
 * not a dump: these are for pruning, not restoring.
 */
public final class SyntheticBackups {

    private SyntheticBackups() {
    }

    public static Manifest publish(BackupCatalog catalog, String database, Instant created) throws IOException {
        return publish(catalog, database, created, null);
    }

    /** The same with the graph counts the backup recorded (what the auto-backup compares with). */
    public static Manifest publish(BackupCatalog catalog, String database, Instant created,
            GraphStats graph) throws IOException {
        BackupId id = BackupId.of(database, created);
        Path work = catalog.newWorkDir(id);
        Path archive = Files.write(work.resolve(CatalogNames.archiveName(id, Compression.GZIP)),
                ("archive of " + id).repeat(100).getBytes());
        Manifest manifest = TestManifests.dump(id).database(database).created(created)
                .archive(archive.getFileName().toString()).rawBytes(4000).storedBytes(Files.size(archive)).ratio(0.9)
                .sha256(ArchivePacker.sha256(archive)).durationsMs(Map.of("total", 1000L)).graph(graph)
                .neo4jVersion("5.26.0").build();
        catalog.publish(archive, manifest);
        Files.deleteIfExists(work);
        return manifest;
    }
}
