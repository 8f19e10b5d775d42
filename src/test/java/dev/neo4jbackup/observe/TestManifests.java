package dev.neo4jbackup.observe;

import java.time.Instant;
import java.util.Map;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;

/** Manifests as the catalogue holds them, with only what the meters and health read. */
final class TestManifests {

    private TestManifests() {
    }

    static Manifest of(String database, Instant created, long raw, long stored, long totalMs, long downtimeMs) {
        String id = BackupId.of(database, created).toString();
        return new Manifest(id, database, created, Trigger.SCHEDULED, null, Manifest.Status.COMPLETE, Compression.GZIP,
                id + ".dump.gz", raw, stored, raw == 0 ? 1.0 : (double) stored / raw, "00", Map.of("total", totalMs),
                downtimeMs, null, "5.26.30", "community", "command", "test", "host", null, null, null);
    }
}
