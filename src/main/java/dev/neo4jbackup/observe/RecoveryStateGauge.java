package dev.neo4jbackup.observe;

import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.neo4jbackup.restore.RecoveryStatus;

/**
 * {@code neo4j_backup_recovery_state{database}}: 0 not recovering, 1 recovering, 2 validation, 3 recovery
 * success, 4 recovery failed; the state of the last restore into that database (0 for the others).
 */
final class RecoveryStateGauge {

    private final Supplier<RecoveryStatus> status;
    private final List<String> databases;

    public RecoveryStateGauge(Supplier<RecoveryStatus> status, List<String> databases) {
        this.status = status;
        this.databases = List.copyOf(databases);
    }

    public RecoveryStateGauge register(MeterRegistry registry) {
        for (String database : databases) {
            Gauge.builder(BackupMeters.PREFIX + "recovery.state", this, g -> g.value(database))
                    .description("Restore state machine: 0 not recovering, 1 recovering, 2 validation, "
                            + "3 recovery success, 4 recovery failed").tags("database", database).register(registry);
        }
        return this;
    }

    double value(String database) {
        RecoveryStatus current = status.get();
        return database.equals(current.database()) ? current.state().code() : 0;
    }
}
