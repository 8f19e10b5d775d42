package dev.neo4jbackup.restore;

import java.time.Duration;
import java.util.List;

import dev.neo4jbackup.domain.GraphStats;

/**
 * What a restore did.
 *
 * @param outcome        RESTORED (checks passed), CANCELLED (the operator said no), DRY_RUN (nothing done)
 * @param lines          what an operator reads, in order: validation, safety backup, load, checks (or the plan)
 * @param safetyBackupId the backup of the database taken just before, or null
 * @param observed       what the restored database holds, or null
 * @param downtime       from the stop until the database answered again
 * @param promoted       with --promote: the restore into the primary that followed, or null
 */
public record RestoreResult(String id, String database, String target, Outcome outcome, List<String> lines,
        String safetyBackupId, List<RestoreChecks.Check> checks, GraphStats observed, Duration took,
        Duration downtime, RestoreResult promoted) {

    public enum Outcome {
        RESTORED, CANCELLED, DRY_RUN
    }

    public RestoreResult {
        lines = List.copyOf(lines);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    RestoreResult withPromoted(RestoreResult primary) {
        return new RestoreResult(id, database, target, outcome, lines, safetyBackupId, checks, observed, took,
                downtime, primary);
    }
}
