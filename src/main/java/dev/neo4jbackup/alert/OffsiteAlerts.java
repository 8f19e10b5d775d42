package dev.neo4jbackup.alert;

import org.springframework.context.event.EventListener;

import dev.neo4jbackup.offsite.OffsiteEvents;

/**
 * A failed off-site upload is a WARNING, OFFSITE_FAILED, throttled like every alert (one incident per database
 * until a copy is delivered again): the local backup exists, the copy is queued and retried.
 */
class OffsiteAlerts {

    private final AlertService alerts;

    OffsiteAlerts(AlertService alerts) {
        this.alerts = alerts;
    }

    @EventListener
    void on(OffsiteEvents.Failed event) {
        alerts.raise(Alert.of(AlertType.OFFSITE_FAILED, Severity.WARNING, event.database(), event.failure(),
                "queued for " + event.destination() + "; attempt " + (event.attempts() + 1) + " at "
                        + event.nextAttemptAt(), event.at()).withBackupId(event.id()));
    }

    @EventListener
    void on(OffsiteEvents.Delivered event) {
        alerts.resolve(AlertType.OFFSITE_FAILED, event.database(), Severity.WARNING, event.id() + " was copied to "
                + event.destination());
    }
}
