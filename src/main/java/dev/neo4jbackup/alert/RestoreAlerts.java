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
        alerts.raise(Alert.restoreFailed(event.database(), event.failure(), "restore of " + event.id() + " on "
                + event.target() + ": " + event.nextStep(), event.at()).withBackupId(event.id()));
    }
}
