package dev.neo4jbackup.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * What one run did, per database. A run with a published backup for every database and Neo4j back
 * up is a success; anything else is a failure the scheduler retries.
 *
 * @param failure  a failure of the run as a whole (lock, preflight, Neo4j not back), or null
 * @param downtime from the stop to Neo4j's first answer; null when the run stopped nothing. Known even when
 *                 no manifest was published to record it (a restore's safety backup that failed after its load)
 */
public record RunReport(Trigger trigger, Instant started, Duration took, List<BackupOutcome> outcomes,
        BackupFailure failure, boolean dryRun, Duration downtime) {

    public RunReport {
        outcomes = List.copyOf(outcomes);
    }

    public RunReport(Trigger trigger, Instant started, Duration took, List<BackupOutcome> outcomes,
            BackupFailure failure, boolean dryRun) {
        this(trigger, started, took, outcomes, failure, dryRun, null);
    }

    RunReport withDowntime(Duration stopped) {
        return new RunReport(trigger, started, took, outcomes, failure, dryRun, stopped);
    }

    public boolean ok() {
        return failure == null && outcomes.stream().allMatch(BackupOutcome::ok);
    }

    /** The first failure of the run, for the one line that sums it up. */
    public Optional<BackupFailure> firstFailure() {
        if (failure != null) {
            return Optional.of(failure);
        }
        return outcomes.stream().filter(o -> !o.ok()).map(BackupOutcome::failure).findFirst();
    }

    /**
     * A run the service's shutdown cut short, with no real failure besides: not a failure (no count, no
     * alert, no retry); whatever it published before is kept.
     */
    public boolean abortedByShutdown() {
        if (ok()) {
            return false;
        }
        boolean runShutDown = failure == null || failure.code() == ErrorCode.SHUTDOWN;
        return runShutDown && outcomes.stream().filter(o -> !o.ok())
                .allMatch(o -> o.failure() != null && o.failure().code() == ErrorCode.SHUTDOWN);
    }

    public String ids() {
        return String.join(", ", outcomes.stream().map(BackupOutcome::id).toList());
    }
}
