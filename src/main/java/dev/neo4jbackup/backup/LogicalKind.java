package dev.neo4jbackup.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final Map<Path, LogicalExporter.Exported> exported = new ConcurrentHashMap<>();

    private final String reason;

    LogicalKind(LogicalExporter exporter, GraphStatsReader stats, BackupProperties.Logical config, Clock clock) {
        this(exporter, stats, config, clock, "backup");
    }

    private LogicalKind(LogicalExporter exporter, GraphStatsReader stats, BackupProperties.Logical config, Clock clock,
            String reason) {
        this.reason = reason;
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
        LogicalExporter.Exported result = exporter.export(database, workDir, new ExportOptions(
                config.excludeProperties(), config.excludeLabels(), config.pageSize()),
                new LogicalExporter.About(clock.instant(), reason, database + "@" + HostName.local(), version),
                done -> log.info("Logical export of {}: {} entities so far ({} s)", database, done,
                        Durations.secondsSince(t0)));
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
        exported.put(result.file(), result);
        return result.file();
    }

    @Override
    public BackupKind forRequest(BackupRequest request) {
        String trigger = request.trigger().name().toLowerCase(java.util.Locale.ROOT);
        return new LogicalKind(exporter, stats, config, clock, request.reason() == null ? trigger
                : trigger + ": " + request.reason());
    }

    @Override
    public Manifest.Logical factsOf(Path file) {
        LogicalExporter.Exported result = exported.get(file);
        return result == null ? null : result.facts();
    }

    @Override
    public GraphStats graphOf(Path file) {
        LogicalExporter.Exported result = exported.remove(file);
        return result == null ? null : result.graph();
    }
}
