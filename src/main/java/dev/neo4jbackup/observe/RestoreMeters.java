package dev.neo4jbackup.observe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;

import dev.neo4jbackup.restore.RestoreEvents;

/**
 * The restores' and drills' meters, following {@link BackupMeters}: {@code neo4j_backup_restores_total{database,
 * kind,result,error_code}} ({@code kind} restore or drill, {@code result} success, failure or cancelled), and per
 * configured database and kind the last success's time and its downtime. A restore is rare and has no file of its
 * own to read back, so the two gauges are this process's: 0 until one succeeded since the start.
 */
public final class RestoreMeters {

    static final List<String> KINDS = List.of(RestoreEvents.RestoreFinished.RESTORE,
            RestoreEvents.RestoreFinished.DRILL);

    private final MeterRegistry registry;
    private final List<String> databases;
    /** database/kind → the last successful one's end (Unix seconds) and its downtime (seconds). */
    private final Map<String, double[]> last = new ConcurrentHashMap<>();

    public RestoreMeters(MeterRegistry registry, List<String> databases) {
        this.registry = registry;
        this.databases = List.copyOf(databases);
    }

    /** Every series up front, so that a dashboard or rule sees 0 rather than nothing. */
    public RestoreMeters register() {
        for (String database : databases) {
            for (String kind : KINDS) {
                series(database, kind);
                restores(database, kind, "success", BackupMeters.NO_ERROR);
            }
        }
        return this;
    }

    @EventListener
    public void onFinished(RestoreEvents.RestoreFinished event) {
        String result = event.succeeded() ? "success" : event.cancelled() ? "cancelled" : "failure";
        restores(event.database(), event.kind(), result, event.failure() == null ? BackupMeters.NO_ERROR
                : event.failure().code().name()).increment();
        if (event.succeeded()) {
            double[] values = series(event.database(), event.kind());
            values[0] = BackupMeters.seconds(event.at() != null ? event.at() : Instant.now());
            values[1] = event.downtime() == null ? 0 : event.downtime().toMillis() / 1000.0;
        }
    }

    private double[] series(String database, String kind) {
        return last.computeIfAbsent(database + "/" + kind, key -> {
            double[] values = new double[2];
            Gauge.builder(BackupMeters.PREFIX + "restore.last.success.timestamp", values, v -> v[0])
                    .description("End of the last successful restore (kind=restore) or drill (kind=drill) since "
                            + "the service started (Unix seconds; 0: none)")
                    .baseUnit("seconds").tags("database", database, "kind", kind).register(registry);
            Gauge.builder(BackupMeters.PREFIX + "restore.downtime", values, v -> v[1])
                    .description("How long the database was unavailable during the last successful restore or "
                            + "drill (stop until it answered again)")
                    .baseUnit("seconds").tags("database", database, "kind", kind).register(registry);
            return values;
        });
    }

    private Counter restores(String database, String kind, String result, String errorCode) {
        return Counter.builder(BackupMeters.PREFIX + "restores").description("Restores and drills attempted, by "
                + "kind, result and error code").tags("database", database, "kind", kind, "result", result,
                        "error_code", errorCode).register(registry);
    }
}
