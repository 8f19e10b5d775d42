package dev.neo4jbackup.alert;

import org.springframework.context.event.EventListener;

import dev.neo4jbackup.restore.RestoreEvents;

/** A failed restore (or restore drill) is a CRITICAL alert: RESTORE_FAILED with the restore's own next step. */
class RestoreAlerts {

    private final AlertService alerts;

    RestoreAlerts(AlertService alerts) {
        this.alerts = alerts;
    }

    @EventListener
    void on(RestoreEvents.RestoreFailed event) {
        String next = "restore of " + event.id() + " on " + event.target() + ": " + event.nextStep();
        Alert alert = event.failure().code() == dev.neo4jbackup.error.ErrorCode.RESTORE_INTERRUPTED
                ? Alert.of(AlertType.RESTORE_INTERRUPTED, Severity.CRITICAL, event.database(), event.failure(), next,
                        event.at())
                : Alert.restoreFailed(event.database(), event.failure(), next, event.at());
        alerts.raise(alert.withBackupId(event.id()));
    }
}
