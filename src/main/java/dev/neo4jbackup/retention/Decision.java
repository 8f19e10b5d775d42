package dev.neo4jbackup.retention;

import java.time.Instant;
import java.util.List;

/**
 * Keep or drop one backup, and why.
 *
 * @param reasons for a kept backup every rule that keeps it ({@code daily 3/7}, {@code weekly 1/4},
 *                {@code newest valid}, ...); for a dropped one the single reason it goes
 * @param expires a kept backup: the run at which it will be dropped if the schedule goes on producing one
 *                valid backup per run (null when that is beyond the simulated horizon or no schedule was
 *                given); a dropped backup: the plan's now
 */
public record Decision(Candidate backup, boolean keep, List<String> reasons, Instant expires) {

    public static final String INVALID = "invalid (failed or partial)";
    public static final String NO_RULE = "not kept by any rule";

    public Decision {
        reasons = List.copyOf(reasons);
    }

    public String id() {
        return backup.id();
    }

    /** "daily 3/7, weekly 1/4" */
    public String why() {
        return String.join(", ", reasons);
    }

    Decision withExpires(Instant at) {
        return new Decision(backup, keep, reasons, at);
    }
}
