package dev.neo4jbackup.catalog;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.signing.Trust;

/**
 * The one place that lets a backup this service did not sign into a restore, a validation, the drill or a fetch:
 * refused with BACKUP_UNTRUSTED before anything else is done with it, or accepted by the operator's explicit
 * {@code --trust-unsigned}, which is logged ({@code BACKUP_TRUST_OVERRIDE: ...}) and told to the alerts
 * ({@link TrustOverridden}).
 */
public final class TrustGate {

    private static final Logger log = LoggerFactory.getLogger(TrustGate.class);

    private final ApplicationEventPublisher events;
    private final Clock clock;

    TrustGate(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param operation what is about to be done: restore, validate, drill, fetch
     * @param where     "the storage folder" or {@code s3:<destination>}
     * @return the entry's trust, when it may go on
     * @throws BackupFailure BACKUP_UNTRUSTED (nothing was done with it)
     */
    public Trust require(CatalogEntry entry, TrustOverride override, String operation, String where) {
        Trust trust = entry.trust();
        if (trust.signed() || override == TrustOverride.ACCEPTED) {
            return trust;
        }
        if (override == TrustOverride.OPERATOR) {
            log.warn("BACKUP_TRUST_OVERRIDE: {} ({}) is {}: {}; accepted by the operator (--trust-unsigned) for {}",
                    entry.id(), where, trust.state(), trust.reason(), operation);
            events.publishEvent(new TrustOverridden(entry.id().toString(), entry.id().database(), trust, operation,
                    where, clock.instant()));
            return trust;
        }
        log.error("BACKUP_UNTRUSTED: {} ({}) is {}: {}; {} refused, nothing was touched", entry.id(), where,
                trust.state(), trust.reason(), operation);
        throw untrusted(entry, operation, where);
    }

    static BackupFailure untrusted(CatalogEntry entry, String operation, String where) {
        Trust trust = entry.trust();
        String id = entry.id().toString();
        String accept = "neo4j-backup " + operation + " " + id + (where.startsWith("s3:") ? " --from "
                + where.substring(3) : "") + " --trust-unsigned";
        if ("drill".equals(operation)) {
            accept = "the drill never accepts one; if you vouch for it: neo4j-backup validate " + id + " --sign";
        }
        String action = trust.untrusted()
                ? "Do not use it unless you know where it comes from: it was changed or written without this "
                        + "service's key. Use a signed backup (neo4j-backup list shows each one's signature). If it "
                        + "was signed with a key you rotated out, add that key to backup.signing.previous-key-files; "
                        + "to accept it once anyway: " + accept + " (logged and alerted)"
                : "Use a signed backup (neo4j-backup list shows each one's signature). If you know where this one "
                        + "comes from: " + (where.startsWith("s3:") ? "" : "neo4j-backup validate " + id
                                + " --sign signs it after a full validation, or ") + accept
                        + " accepts it once (logged and alerted)";
        return new BackupFailure(ErrorCode.BACKUP_UNTRUSTED, id + " (" + where + ") is " + trust.state() + ": "
                + trust.reason() + "; not used for the " + operation + ", nothing was touched",
                trust.keyId() == null ? null : "Signed by: " + trust.keyId(), action, null);
    }
}
