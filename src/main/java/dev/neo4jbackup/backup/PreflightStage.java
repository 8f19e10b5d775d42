package dev.neo4jbackup.backup;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.crypt.Encryption;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jVersion;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * Stage 1, preflight: storage writable and safe, neo4j-admin present, Neo4j's version and graph stats
 * read over Bolt, space for the estimate, all BEFORE anything stops. Throws the failure that ends the run.
 */
final class PreflightStage {

    private static final Logger log = LoggerFactory.getLogger(PreflightStage.class);

    /** @param version null when Neo4j does not answer (stop mode none on an offline store) */
    record Preflight(Neo4jVersion version, Map<String, GraphStats> stats) {
    }

    private final BackupProperties properties;
    private final BackupCatalog catalog;
    private final Neo4jAdmin admin;
    private final GraphStatsReader statsReader;
    private final BoltProbe probe;
    private final Quiescer quiescer;
    private final Encryption encryption;
    private final StoreSnapshot snapshot;

    PreflightStage(BackupProperties properties, BackupCatalog catalog, Neo4jAdmin admin, GraphStatsReader statsReader,
            BoltProbe probe, Quiescer quiescer, Encryption encryption) {
        this(properties, catalog, admin, statsReader, probe, quiescer, encryption, StoreSnapshot.off());
    }

    PreflightStage(BackupProperties properties, BackupCatalog catalog, Neo4jAdmin admin, GraphStatsReader statsReader,
            BoltProbe probe, Quiescer quiescer, Encryption encryption, StoreSnapshot snapshot) {
        this.snapshot = snapshot;
        this.encryption = encryption;
        this.properties = properties;
        this.catalog = catalog;
        this.admin = admin;
        this.statsReader = statsReader;
        this.probe = probe;
        this.quiescer = quiescer;
    }

    Preflight check(List<Planned> planned) {
        return check(planned, true);
    }

    /** @param needsAdmin false for a kind that never runs neo4j-admin (a logical export over Bolt) */
    Preflight check(List<Planned> planned, boolean needsAdmin) {
        catalog.prepare();
        catalog.requireSafeStaging(); // STORAGE_UNSAFE before Neo4j is stopped, not after
        if (needsAdmin) {
            admin.requirePresent();
        }
        // ENCRYPTION_UNAVAILABLE now, not after the dump: a missing age must never cost a downtime
        encryption.requireAvailable().ifPresent(v -> log.info("Encryption: age {} to the configured recipients", v));
        encryption.identityExposed().ifPresent(warning -> log.warn("ENCRYPTION_IDENTITY_EXPOSED: {}", warning));
        Neo4jVersion version = null;
        Map<String, GraphStats> stats = new LinkedHashMap<>();
        if (quiescer.stopsNeo4j() || probe.answers(planned.get(0).database())) {
            version = statsReader.version();
            log.info("Neo4j version: {} ({})", version.version(), version.edition());
            for (Planned p : planned) {
                GraphStats graph = statsReader.read(p.database());
                stats.put(p.database(), graph);
                log.info("Graph {}: {}", p.database(), graph.summary());
            }
        } else {
            log.warn("Neo4j does not answer over Bolt; stop mode none: backing up the offline store without graph stats");
        }
        // a snapshot copy sits in .staging with the dump: the store and its transaction logs, all copies at once
        long copies = needsAdmin && quiescer.stopsNeo4j()
                ? planned.stream().mapToLong(p -> snapshot.spaceNeeded(p.database())).sum() : 0;
        checkSpace(planned.stream().mapToLong(p -> estimate(p.database())).sum() + copies);
        return new Preflight(version, Collections.unmodifiableMap(stats));
    }

    /** The free-space rule for a run that needs {@code required} bytes in the storage folder. */
    void checkSpace(long required) {
        FreeSpace space;
        try {
            space = FreeSpace.of(catalog.root());
        } catch (IOException e) {
            throw BackupFailure.of(ErrorCode.STORAGE_NOT_WRITABLE, "Cannot read the free space of "
                    + catalog.root() + ": " + e.getMessage(), e);
        }
        space.check(required, properties.disk().minFreeRatio())
                .refusal(catalog.root(), "for this backup (checked before stopping Neo4j)", "after this backup", null)
                .ifPresent(refusal -> {
                    throw refusal;
                });
    }

    /**
     * Space a run needs for one database: the last archive times the factor, doubled with gzip (the raw
     * dump and the archive both sit in staging for a moment); the store size for a first run.
     */
    long estimate(String database) {
        double factor = properties.disk().estimateFactor();
        // the raw dump and the archive both sit in staging for a moment, unless the dump is moved as it is
        int copies = properties.compression() == Compression.GZIP || properties.encryption().enabled() ? 2 : 1;
        // the last real archive: a FAILED manifest has none, and would make the estimate 0
        Optional<Manifest> last = catalog.successes().stream().filter(m -> m.database().equals(database))
                .reduce((a, b) -> b);
        if (last.isPresent()) {
            return (long) (Math.max(last.get().rawBytes(), last.get().storedBytes()) * factor * copies);
        }
        return (long) (admin.installation().storeSize(database).orElse(0L) * factor);
    }
}
