package dev.neo4jbackup.catalog;

import java.time.Instant;

/**
 * What must survive a restart ({@code .state.json}): the failure streak, the pause, the last attempt
 * and success, whether we left Neo4j stopped (a crash mid-dump), and whether the bundled initial backup was
 * restored.
 */
public record ServiceState(
        int consecutiveFailures,
        boolean paused,
        Instant pausedAt,
        String pauseReason,
        Instant lastAttemptAt,
        String lastAttemptId,
        String lastResult,
        String lastErrorCode,
        String lastError,
        Instant lastSuccessAt,
        String lastSuccessId,
        Instant nextRetryAt,
        StopMarker stoppedByUs,
        InitialRestored initialRestore,
        OffsiteState offsite) {

    public static final ServiceState INITIAL = new ServiceState(0, false, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /**
     * The bundled initial backup ({@code backup.initial-restore}) was restored: never again, whatever the file
     * says at the next start.
     *
     * @param backupId the catalogue entry it was restored from (trigger INITIAL)
     */
    public record InitialRestored(String file, String sha256, Instant at, String database, String backupId) {
    }

    public ServiceState withInitialRestore(InitialRestored value) {
        return new ServiceState(consecutiveFailures, paused, pausedAt, pauseReason, lastAttemptAt, lastAttemptId,
                lastResult, lastErrorCode, lastError, lastSuccessAt, lastSuccessId, nextRetryAt, stoppedByUs, value,
                offsite);
    }

    /**
     * Written before Neo4j is stopped, cleared when it answers again.
     *
     * @param child the neo4j-admin process working on the stopped store (null before the dump starts): a
     *              crash of the service leaves it running, and the next start must end it before it
     *              starts Neo4j on the same store
     */
    public record StopMarker(Instant at, String stopMode, String databases, long pid, String host, Child child) {

        public StopMarker(Instant at, String stopMode, String databases, long pid, String host) {
            this(at, stopMode, databases, pid, host, null);
        }

        public StopMarker withChild(Child value) {
            return new StopMarker(at, stopMode, databases, pid, host, value);
        }
    }

    /**
     * A child process by pid and start time (clock ticks since boot, field 22 of /proc/&lt;pid&gt;/stat): a
     * pid the kernel gave to another process since has another start time, so it is never mistaken.
     */
    public record Child(long pid, long startTicks, String command) {
    }

    public ServiceState withStoppedByUs(StopMarker marker) {
        return new ServiceState(consecutiveFailures, paused, pausedAt, pauseReason, lastAttemptAt, lastAttemptId,
                lastResult, lastErrorCode, lastError, lastSuccessAt, lastSuccessId, nextRetryAt, marker,
                initialRestore, offsite);
    }

    public ServiceState withSuccess(Instant at, String id) {
        return new ServiceState(0, paused, pausedAt, pauseReason, at, id, "SUCCESS", null, null, at, id, null,
                stoppedByUs,
                initialRestore, offsite);
    }

    public ServiceState withFailure(Instant at, String id, String errorCode, String error) {
        return new ServiceState(consecutiveFailures + 1, paused, pausedAt, pauseReason, at, id, "FAILED", errorCode,
                error, lastSuccessAt, lastSuccessId, nextRetryAt, stoppedByUs,
                initialRestore, offsite);
    }

    public ServiceState withPause(Instant at, String reason) {
        return new ServiceState(consecutiveFailures, true, at, reason, lastAttemptAt, lastAttemptId, lastResult,
                lastErrorCode, lastError, lastSuccessAt, lastSuccessId, null, stoppedByUs,
                initialRestore, offsite);
    }

    /** An operator's resume: the streak starts again from zero. */
    public ServiceState resumed() {
        return new ServiceState(0, false, null, null, lastAttemptAt, lastAttemptId, lastResult, lastErrorCode,
                lastError, lastSuccessAt, lastSuccessId, null, stoppedByUs,
                initialRestore, offsite);
    }

    public ServiceState withNextRetryAt(Instant at) {
        return new ServiceState(consecutiveFailures, paused, pausedAt, pauseReason, lastAttemptAt, lastAttemptId,
                lastResult, lastErrorCode, lastError, lastSuccessAt, lastSuccessId, at, stoppedByUs,
                initialRestore, offsite);
    }

    public ServiceState withOffsite(OffsiteState value) {
        return new ServiceState(consecutiveFailures, paused, pausedAt, pauseReason, lastAttemptAt, lastAttemptId,
                lastResult, lastErrorCode, lastError, lastSuccessAt, lastSuccessId, nextRetryAt, stoppedByUs,
                initialRestore, value);
    }

    /** The off-site queue and last successes; empty in a state file of an older version. */
    public OffsiteState offsiteOrEmpty() {
        return offsite == null ? OffsiteState.EMPTY : offsite;
    }
}
