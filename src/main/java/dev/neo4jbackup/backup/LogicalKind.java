package dev.neo4jbackup.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.Spool;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.neo4j.DowntimeWindow;
import dev.neo4jbackup.neo4j.GraphStatsReader;

/**
 * {@code backup.kind=logical}: every node and relationship over Bolt into JSON lines ({@link LogicalExporter}),
 * with Neo4j running. An export that saw concurrent writes is recorded as {@code consistent: false} (a
 * warning), or fails with BACKUP_INCONSISTENT under {@code backup.logical.require-consistent=true}.
 */
final class LogicalKind implements BackupKind {

    private static final Logger log = LoggerFactory.getLogger(LogicalKind.class);

    private final LogicalExporter exporter;
    private final GraphStatsReader stats;
    private final BackupProperties.Logical config;
    private final Clock clock;
    /** One run at a time holds the storage lock; the map only carries a file's facts to its manifest. */
    private final Map<Path, LogicalExporter.Streamed> exported = new ConcurrentHashMap<>();

    private final String reason;
    private final String trigger;
    /** Encryption at rest is on: the body waits in .staging in ciphertext only ({@link Spool#sealed()}). */
    private final boolean sealed;

    LogicalKind(LogicalExporter exporter, GraphStatsReader stats, BackupProperties.Logical config, Clock clock,
            boolean sealed) {
        this(exporter, stats, config, clock, "backup", "MANUAL", sealed);
    }

    private LogicalKind(LogicalExporter exporter, GraphStatsReader stats, BackupProperties.Logical config, Clock clock,
            String reason, String trigger, boolean sealed) {
        this.reason = reason;
        this.trigger = trigger;
        this.sealed = sealed;
        this.exporter = exporter;
        this.stats = stats;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String name() {
        return Manifest.LOGICAL;
    }

    @Override
    public boolean needsDowntime() {
        return false;
    }

    @Override
    public Path produce(String database, Path workDir, DowntimeWindow.Children children) {
        return produce(database, workDir, children, () -> false);
    }

    /**
     * The export, with its marker ({@code .export.json}) in the storage folder while it runs: a process that dies
     * mid-export leaves it, and the next start records the run as failed ({@link StartupRecovery}).
     */
    @Override
    public Path produce(String database, Path workDir, DowntimeWindow.Children children,
            java.util.function.BooleanSupplier stop) {
        ExportMarker.Running marker = ExportMarker.begin(workDir, database, trigger, clock.instant());
        try {
            return export(database, workDir, stop);
        } finally {
            marker.end();
        }
    }

    private Path export(String database, Path workDir, java.util.function.BooleanSupplier stop) {
        log.info("LOGICAL_EXPORT_START: {} over Bolt (Neo4j keeps running; excluded properties {}, labels {})",
                database, config.excludeProperties(), config.excludeLabels());
        long t0 = System.nanoTime();
        String version;
        try {
            version = stats.version().version();
        } catch (BackupFailure e) {
            throw e.code() == ErrorCode.NEO4J_UNREACHABLE ? e : BackupFailure.of(ErrorCode.NEO4J_UNREACHABLE,
                    e.reason(), e);
        }
        LogicalExporter.Streamed result = exporter.stream(database, workDir, new ExportOptions(
                config.excludeProperties(), config.excludeLabels(), config.pageSize(), config.pageBytes().toBytes(),
                (int) config.maxLineBytes().toBytes()), new LogicalExporter.About(clock.instant(), reason, database
                        + "@" + HostName.local(), version), done -> log.info("Logical export of {}: {} entities so far "
                                + "({} s)", database, done, Durations.secondsSince(t0)), sealed ? Spool.sealed()
                                        : Spool.PLAIN, stop);
        Manifest.Logical facts = result.facts();
        double seconds = Math.max(1, (System.nanoTime() - t0) / 1_000_000) / 1000.0;
        log.info("LOGICAL_EXPORT_DONE: {}: {} nodes, {} relationships in {} s ({} entities/s); consistent: {}",
                database, facts.nodes(), facts.relationships(), Durations.secondsSince(t0),
                Math.round((facts.nodes() + facts.relationships()) / seconds), facts.consistent());
        if (!facts.consistent()) {
            if (config.requireConsistent()) {
                throw new BackupFailure(ErrorCode.BACKUP_INCONSISTENT, "The logical export of " + database
                        + " saw writes while it ran; nothing was published", facts.evidence(),
                        ErrorCode.BACKUP_INCONSISTENT.action(), null);
            }
            log.warn("LOGICAL_EXPORT_INCONSISTENT: {}: {} (kept: backup.logical.require-consistent=false)", database,
                    facts.evidence());
        }
        exported.put(result.body(), result);
        return result.body();
    }

    /** The header from memory, then the body from its spool: the one plaintext is the packer's stream. */
    @Override
    public java.io.InputStream open(Path file) throws java.io.IOException {
        LogicalExporter.Streamed result = exported.get(file);
        if (result == null) {
            throw new java.io.IOException("no logical export of this run wrote " + file);
        }
        return result.open();
    }

    @Override
    public BackupKind forRequest(BackupRequest request) {
        String trigger = request.trigger().name().toLowerCase(java.util.Locale.ROOT);
        return new LogicalKind(exporter, stats, config, clock, request.reason() == null ? trigger
                : trigger + ": " + request.reason(), request.trigger().name(), sealed);
    }

    @Override
    public Manifest.Logical factsOf(Path file) {
        LogicalExporter.Streamed result = exported.get(file);
        return result == null ? null : result.facts();
    }

    @Override
    public GraphStats graphOf(Path file) {
        LogicalExporter.Streamed result = exported.remove(file);
        return result == null ? null : result.graph();
    }
}
