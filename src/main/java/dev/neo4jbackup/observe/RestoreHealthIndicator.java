package dev.neo4jbackup.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.neo4jbackup.restore.RecoveryStatus;

/**
 * The {@code restore} health component: the recovery state machine with the backup, database, target and
 * message of the last restore. Always UP: a failed restore is an alert (RESTORE_FAILED) and leaves the
 * database as it was (rolled back); it does not make this service unhealthy.
 */
final class RestoreHealthIndicator implements HealthIndicator {

    private final Supplier<RecoveryStatus> status;

    public RestoreHealthIndicator(Supplier<RecoveryStatus> status) {
        this.status = status;
    }

    @Override
    public Health health() {
        RecoveryStatus current = status.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", current.state().name());
        if (current.backupId() != null) {
            details.put("backupId", current.backupId());
            details.put("database", current.database());
            details.put("target", current.target());
            details.put("since", String.valueOf(current.since()));
        }
        if (current.safetyBackupId() != null) {
            details.put("safetyBackupId", current.safetyBackupId());
        }
        if (current.message() != null) {
            details.put("message", current.message());
        }
        return Health.up().withDetails(details).build();
    }
}
