package dev.neo4jbackup.archive;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.neo4jbackup.config.Compression;
import dev.neo4jbackup.neo4j.GraphStats;

/**
 * The record of one backup, written as {@code <id>.json} beside its archive. The files are the
 * catalogue: listing, retention, restore checks and metrics all read these.
 *
 * @param status      COMPLETE after a verified run, VALIDATED after a later validation passed
 * @param rawBytes    the neo4j-admin dump (itself Zstandard-compressed by Neo4j)
 * @param storedBytes the archive on disk
 * @param durationsMs per stage, in run order (preflight, stop, dump, start, package, verify, total)
 * @param downtimeMs  from the stop until Neo4j answered Bolt again (0 in stop mode none)
 */
public record Manifest(
        String id,
        String database,
        Instant created,
        String trigger,
        String reason,
        String status,
        Compression compression,
        String archive,
        long rawBytes,
        long storedBytes,
        double ratio,
        String sha256,
        Map<String, Long> durationsMs,
        long downtimeMs,
        GraphStats graph,
        String neo4jVersion,
        String neo4jEdition,
        String stopMode,
        String toolVersion,
        String host,
        Instant validatedAt,
        String validation) {

    public static final String COMPLETE = "COMPLETE";
    public static final String VALIDATED = "VALIDATED";

    public Manifest {
        durationsMs = durationsMs == null ? Map.of() : new LinkedHashMap<>(durationsMs);
    }

    public long durationMs() {
        return durationsMs.getOrDefault("total", 0L);
    }

    public Manifest validated(Instant at, String how) {
        return new Manifest(id, database, created, trigger, reason, VALIDATED, compression, archive, rawBytes,
                storedBytes, ratio, sha256, durationsMs, downtimeMs, graph, neo4jVersion, neo4jEdition, stopMode,
                toolVersion, host, at, how);
    }
}
