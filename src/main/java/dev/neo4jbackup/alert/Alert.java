package dev.neo4jbackup.alert;

import java.time.Instant;
import java.util.Objects;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * One thing an operator must know: what happened, to which database, the error code, reason, numbers
 * and action of the failure behind it, and what happens next (the next retry, or "paused until resumed").
 *
 * @param database the database concerned; "*" for Neo4j itself or the storage filesystem
 * @param code     the error code behind the alert, or null (a recovery, a stale backup)
 * @param numbers  e.g. "Required: 524 MB | Available: 50 MB", or null
 * @param nextStep e.g. "retry at 2026-11-25T02:05Z (attempt 2 of 5)", or null
 * @param backupId the backup (or restore's backup) the alert is about, or null
 */
public record Alert(AlertType type, Severity severity, String database, ErrorCode code, String reason,
        String numbers, String action, String nextStep, Instant at, String backupId) {

    public Alert(AlertType type, Severity severity, String database, ErrorCode code, String reason, String numbers,
            String action, String nextStep, Instant at) {
        this(type, severity, database, code, reason, numbers, action, nextStep, at, null);
    }

    /** The same alert about the backup {@code id} (webhook payloads carry it). */
    public Alert withBackupId(String id) {
        return new Alert(type, severity, database, code, reason, numbers, action, nextStep, at, id);
    }

    public Alert {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        database = database == null || database.isBlank() ? IncidentKey.ALL : database;
    }

    /** An alert about a failure: its code, reason, numbers and action are the alert's. */
    public static Alert of(AlertType type, Severity severity, String database, BackupFailure failure, String nextStep,
            Instant at) {
        return new Alert(type, severity, database, failure.code(), failure.reason(), failure.numbers(),
                failure.action(), nextStep, at);
    }

    /** For the restore to raise when a restore fails. */
    public static Alert restoreFailed(String database, BackupFailure failure, String nextStep, Instant at) {
        return of(AlertType.RESTORE_FAILED, Severity.CRITICAL, database, failure, nextStep, at);
    }

    /** The one line that is logged for every alert, mailed or not. */
    public String logLine() {
        StringBuilder line = new StringBuilder("ALERT [").append(severity).append("] ").append(type).append(": ");
        if (!IncidentKey.ALL.equals(database)) {
            line.append(database).append(": ");
        }
        if (code != null) {
            line.append(code).append(": ");
        }
        line.append(reason);
        if (numbers != null && !numbers.isBlank()) {
            line.append(" | ").append(numbers);
        }
        if (action != null && !action.isBlank()) {
            line.append(" | Action: ").append(action);
        }
        if (nextStep != null && !nextStep.isBlank()) {
            line.append(" | Next: ").append(nextStep);
        }
        return line.toString();
    }
}
