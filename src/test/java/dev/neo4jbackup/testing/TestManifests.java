package dev.neo4jbackup.testing;

import java.time.Instant;
import java.util.Map;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.ManifestBuilder;
import dev.neo4jbackup.domain.Trigger;

/**
 * Manifests for tests, by name instead of 29 positions: {@link #dump} is a complete, scheduled gzip dump of
 * {@code id} taken by a test run; a test sets on the builder what it is about (and what its assertions read).
 */
public final class TestManifests {

    private TestManifests() {
    }

    /**
     * A COMPLETE gzip dump of {@code id} ({@code <id>.dump.gz}), scheduled, stop mode command, Neo4j 5.26.30
     * community, tool version {@code test} on host {@code host}; no sizes, checksum, durations, graph or kind.
     */
    public static ManifestBuilder dump(BackupId id) {
        return Manifest.builder().id(id.toString()).database(id.database()).created(id.created())
                .trigger(Trigger.SCHEDULED).status(Manifest.Status.COMPLETE).compression(Compression.GZIP)
                .archive(id + ".dump.gz").ratio(1.0).neo4jVersion("5.26.30").neo4jEdition("community")
                .stopMode("command").toolVersion("test").host("host");
    }

    /** {@link #dump(BackupId)} of an id such as {@code neo4j-20261125-020000}. */
    public static ManifestBuilder dump(String id) {
        return dump(BackupId.parse(id));
    }

    /**
     * {@code m} without what a plain dump of the first manifests lacked (encryption, kind, logical facts, snapshot,
     * anomaly, signature): a test that rewrites a published manifest by hand.
     */
    public static ManifestBuilder plain(Manifest m) {
        return m.toBuilder().encryption(null).kind((String) null).logical(null).snapshot(null).anomaly(null)
                .signature(null);
    }

    /** A dump as the catalogue holds it, with only what the meters and health read. */
    public static Manifest of(String database, Instant created, long raw, long stored, long totalMs,
            long downtimeMs) {
        return dump(BackupId.of(database, created)).rawBytes(raw).storedBytes(stored)
                .ratio(raw == 0 ? 1.0 : (double) stored / raw).sha256("00").durationsMs(Map.of("total", totalMs))
                .downtimeMs(downtimeMs).build();
    }
}
