package dev.neo4jbackup.auto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.AutoBackupProperties;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.GraphStatsReader;

/**
 * One auto-backup check: each configured database's counts now against its last successful backup's
 * ({@link AutoBackupPolicy}); the databases that changed enough are backed up in one run with
 * {@link Trigger#AUTO} and the auto kind, through the same runner as every backup. A skipped database is
 * logged ({@code AUTO_SKIPPED: ...}) and counted ({@code neo4j_backup_auto_skipped_total}), never alerted:
 * a quiet graph is no failure.
 */
public class AutoBackup {

    private static final Logger log = LoggerFactory.getLogger(AutoBackup.class);

    /** What one check decided per database, and the run it started (null: none). */
    public record Check(Map<String, AutoBackupPolicy.Decision> decisions, RunReport run, String skipped) {

        public boolean backedUp() {
            return run != null;
        }
    }

    private final AutoBackupProperties properties;
    private final List<String> databases;
    private final GraphStatsReader stats;
    private final BackupCatalog catalog;
    private final StateStore state;
    private final BackupRunner runner;
    private final MeterRegistry meters;

    public AutoBackup(AutoBackupProperties properties, List<String> databases, GraphStatsReader stats,
            BackupCatalog catalog, StateStore state, BackupRunner runner, MeterRegistry meters) {
        this.properties = properties;
        this.databases = List.copyOf(databases);
        this.stats = stats;
        this.catalog = catalog;
        this.state = state;
        this.runner = runner;
        this.meters = meters;
        // every series up front, so that a dashboard sees 0 rather than nothing
        this.databases.forEach(this::skippedCounter);
    }

    public AutoBackupPolicy.Thresholds thresholds() {
        return new AutoBackupPolicy.Thresholds(properties.minNewNodes(), properties.minNewRelationships(),
                properties.minGrowthPercent());
    }

    /**
     * Checks now and backs up what changed enough. Throws nothing for a run's failure (it is in the report,
     * alerted as every run's); a Neo4j that cannot be read ends the check with its failure logged.
     */
    public Check check() {
        if (state.read().paused()) {
            String why = "the scheduler is paused (resume it to let auto-backups run)";
            databases.forEach(d -> skipped(d, why));
            return new Check(Map.of(), null, why);
        }
        Map<String, AutoBackupPolicy.Decision> decisions = new LinkedHashMap<>();
        List<String> due = new ArrayList<>();
        List<Manifest> successes = catalog.successes();
        for (String database : databases) {
            GraphStats now;
            try {
                now = stats.read(database);
            } catch (BackupFailure failure) {
                log.error("AUTO_CHECK_FAILED: {} [{}] {}", database, failure.code(), failure.reason());
                continue;
            }
            Optional<Manifest> last = successes.stream().filter(m -> m.database().equals(database))
                    .max(Comparator.comparing(Manifest::created).thenComparing(Manifest::id));
            AutoBackupPolicy.Decision decision = AutoBackupPolicy.decide(now,
                    last.map(Manifest::graph).orElse(null), thresholds());
            decisions.put(database, decision);
            String since = last.map(m -> "since " + m.id()).orElse("no backup yet");
            if (decision.backup()) {
                log.info("AUTO_BACKUP: {} {} ({}); backing up (kind {})", database, decision.reason(), since,
                        properties.kind().name().toLowerCase(Locale.ROOT));
                due.add(database);
            } else {
                skipped(database, decision.reason() + " (" + since + ")");
            }
        }
        if (due.isEmpty()) {
            return new Check(decisions, null, null);
        }
        String reason = "auto: " + due.stream().map(d -> d + " " + decisions.get(d).reason())
                .reduce((a, b) -> a + "; " + b).orElse("");
        try {
            RunReport report = runner.run(new BackupRequest(Trigger.AUTO, reason, due, false, null,
                    properties.kind()));
            return new Check(decisions, report, null);
        } catch (BackupFailure failure) {
            if (failure.code() == ErrorCode.BACKUP_LOCKED) {
                // a scheduled run or a restore holds the storage: the next check sees the same change
                log.info("AUTO_DEFERRED: {} ({}); the next check tries again", String.join(", ", due),
                        failure.reason());
                return new Check(decisions, null, failure.reason());
            }
            throw failure;
        }
    }

    private void skipped(String database, String why) {
        log.info("AUTO_SKIPPED: {} {}", database, why);
        skippedCounter(database).increment();
    }

    private Counter skippedCounter(String database) {
        return Counter.builder("neo4j.backup.auto.skipped")
                .description("Auto-backup checks that found too little change to back up (or a paused scheduler)")
                .tag("database", database).register(meters);
    }
}
