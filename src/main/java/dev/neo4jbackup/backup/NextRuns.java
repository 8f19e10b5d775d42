package dev.neo4jbackup.backup;

import java.time.Instant;
import java.util.Optional;

/**
 * The backup schedule's future runs, as retention needs them for expiry dates. Declared here and implemented by
 * the schedule, so that the run's package does not depend on the package that schedules runs.
 */
public interface NextRuns {

    /** The first run strictly after {@code time}; empty when the schedule never fires again. */
    Optional<Instant> nextAfter(Instant time);
}
