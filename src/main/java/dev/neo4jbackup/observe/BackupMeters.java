package dev.neo4jbackup.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;

import dev.neo4jbackup.backup.AnomalyPolicy;
import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.domain.Manifest;

/**
 * The {@code neo4j_backup_*} meters of docs/observability.md, one series per configured database (tag {@code database}).
 * <p>
 * Gauges read {@link BackupView}, which is rebuilt from the catalogue and the state file, so a restart
 * does not reset "last success". Counters and the duration histogram count what this process saw, as
 * Prometheus counters do (rate() copes with the reset). A value that does not exist yet (no backup, no
 * next run) is exported as 0, the convention of Velero and pgbackrest_exporter.
 * <p>
 * Values that are not per database (failures in a row, pause, next run, free space) are the same on
 * every database's series, so that every alert rule can say which database it is about.
 */
public final class BackupMeters {

    static final String PREFIX = "neo4j.backup.";
    /** From a small database on a laptop (seconds) to a large store (hours; the dump timeout is 6 h). */
    static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(6)};
    static final String NO_ERROR = "none";

    private final MeterRegistry registry;
    private final BackupView view;
    private final DoubleSupplier storageFreeBytes;

    /** @param storageFreeBytes usable bytes on the storage filesystem, NaN when it cannot be read */
    public BackupMeters(MeterRegistry registry, BackupView view, DoubleSupplier storageFreeBytes) {
        this.registry = registry;
        this.view = view;
        this.storageFreeBytes = storageFreeBytes;
    }

    /** Registers every series up front, so that a dashboard or rule sees 0 rather than nothing. */
    public BackupMeters register() {
        view.refresh();
        for (String database : view.databases()) {
            Tags tags = Tags.of("database", database);
            perDatabase(database, "last.success.timestamp", "seconds",
                    "Creation time of the newest successful backup (Unix seconds; 0: none)",
                    b -> b.lastSuccessAt().map(BackupMeters::seconds).orElse(0.0));
            perDatabase(database, "verify.last.success.timestamp", "seconds",
                    "Time of the newest passed restore validation of a kept backup (Unix seconds; 0: none)",
                    b -> b.lastVerified() != null ? seconds(b.lastVerified()) : 0.0);
            sizeGauge(database, "raw", Manifest::rawBytes);
            sizeGauge(database, "stored", Manifest::storedBytes);
            perDatabase(database, "downtime", "seconds",
                    "How long Neo4j was unavailable for the newest backup (stop until Bolt answered again)",
                    b -> b.newest() != null ? b.newest().downtimeMs() / 1000.0 : 0.0);
            perDatabase(database, "retained.backups", null, "Backups kept in the storage folder",
                    DatabaseBackups::count);
            perDatabase(database, "retained", "bytes", "Bytes of the archives kept in the storage folder",
                    DatabaseBackups::storedBytes);
            Gauge.builder(PREFIX + "consecutive.failures", view, v -> v.state().consecutiveFailures())
                    .description("Failed backup runs in a row (reset by a success or a resume)").tags(tags)
                    .register(registry);
            Gauge.builder(PREFIX + "scheduler.paused", view, v -> v.state().paused() ? 1 : 0)
                    .description("1 while the scheduler is paused (no scheduled backups until resumed)")
                    .tags(tags).register(registry);
            Gauge.builder(PREFIX + "next.run.timestamp", view,
                    v -> v.nextRun().map(BackupMeters::seconds).orElse(0.0))
                    .description("Next scheduled attempt (Unix seconds; 0: none, paused or no scheduler)")
                    .baseUnit("seconds").tags(tags).register(registry);
            Gauge.builder(PREFIX + "storage.free", storageFreeBytes, DoubleSupplier::getAsDouble)
                    .description("Usable bytes on the filesystem of the backup storage folder")
                    .baseUnit("bytes").tags(tags).register(registry);
            runs(database, "success", NO_ERROR);
            duration(database);
            pruned(database);
            for (AnomalyPolicy.Measure measure : AnomalyPolicy.Measure
                    .values()) {
                anomalies(database, measure.tag());
            }
        }
        return this;
    }

    @EventListener
    public void onSucceeded(BackupEvents.BackupSucceeded event) {
        view.refresh();
        Manifest manifest = event.manifest();
        runs(manifest.database(), "success", NO_ERROR).increment();
        duration(manifest.database()).record(Duration.ofMillis(manifest.durationMs()));
    }

    @EventListener
    public void onFailed(BackupEvents.BackupFailed event) {
        String code = event.failure() != null ? event.failure().code().name() : "UNKNOWN";
        runs(event.database(), "failure", code).increment();
    }

    /** A backup much smaller than the previous one: one count per measure that fell (kept or refused alike). */
    @EventListener
    public void onAnomaly(BackupEvents.BackupAnomaly event) {
        for (String measure : event.anomaly().measures()) {
            anomalies(event.database(), measure).increment();
        }
    }

    @EventListener
    public void onPruned(BackupEvents.BackupsPruned event) {
        view.refresh();
        pruned(event.database()).increment(event.ids().size());
    }

    private void perDatabase(String database, String name, String unit, String help,
            ToDoubleFunction<DatabaseBackups> value) {
        Gauge.builder(PREFIX + name, view, v -> value.applyAsDouble(v.catalogue().of(database)))
                .description(help).baseUnit(unit).tags("database", database).register(registry);
    }

    private void sizeGauge(String database, String kind, ToDoubleFunction<Manifest> bytes) {
        Gauge.builder(PREFIX + "size", view, v -> {
            Manifest newest = v.catalogue().of(database).newest();
            return newest != null ? bytes.applyAsDouble(newest) : 0.0;
        }).description("Size of the newest backup (kind=raw: the dump, kind=stored: the archive)").baseUnit("bytes")
                .tags("database", database, "kind", kind).register(registry);
    }

    // Builders return the registered meter when it exists, so these both create and look up.
    private Counter runs(String database, String result, String errorCode) {
        return Counter.builder(PREFIX + "runs").description("Backups attempted, by result and error code")
                .tags("database", database, "result", result, "error_code", errorCode).register(registry);
    }

    private Timer duration(String database) {
        return Timer.builder(PREFIX + "duration").description("Duration of successful backups, start to verified")
                .serviceLevelObjectives(DURATION_BUCKETS).tags("database", database).register(registry);
    }

    private Counter anomalies(String database, String measure) {
        return Counter.builder(PREFIX + "anomalies").description("Backups much smaller than the previous successful "
                + "one of their database and kind (BACKUP_ANOMALY), by what fell: nodes, relationships, stored_bytes")
                .tags("database", database, "measure", measure).register(registry);
    }

    private Counter pruned(String database) {
        return Counter.builder(PREFIX + "pruned").description("Backups deleted by retention")
                .tags("database", database).register(registry);
    }

    static double seconds(Instant at) {
        return at.getEpochSecond() + at.getNano() / 1e9;
    }
}
