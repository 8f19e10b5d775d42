package dev.neo4jbackup.alert;

import org.springframework.context.event.EventListener;

import dev.neo4jbackup.catalog.TrustOverridden;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * An operator accepted a backup this service did not sign ({@code --trust-unsigned}): a WARNING, TRUST_OVERRIDE,
 * through the mail and webhooks like every alert. Whoever else is on call learns that data of unknown origin
 * was restored, validated or fetched, and by which operation.
 */
class TrustAlerts {

    private final AlertService alerts;

    TrustAlerts(AlertService alerts) {
        this.alerts = alerts;
    }

    @EventListener
    void on(TrustOverridden event) {
        BackupFailure what = new BackupFailure(ErrorCode.BACKUP_UNTRUSTED, event.id() + " (" + event.where() + ") is "
                + event.trust().state() + ": " + event.trust().reason() + "; accepted by an operator for the "
                + event.operation() + " (--trust-unsigned)", null, "Make sure the operator meant it; if the backup is "
                        + "genuine, sign it (neo4j-backup validate " + event.id() + " --sign)", null);
        alerts.raise(Alert.of(AlertType.TRUST_OVERRIDE, Severity.WARNING, event.database(), what, null, event.at())
                .withBackupId(event.id()));
    }
}
