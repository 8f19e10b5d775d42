package dev.neo4jbackup.backup;

import java.util.List;

import dev.neo4jbackup.retention.RetentionPlan;

/**
 * What a prune did (or, in a dry run, would do).
 *
 * @param deleted    ids of the backups deleted (archive, sidecar and manifest each); in a dry run, none
 * @param bytesFreed bytes actually freed; in a dry run, the plan's {@link RetentionPlan#bytesFreed()}
 * @param leftovers  our debris removed (or that would be): orphan archives/sidecars without a manifest and
 *                   {@code .staging/} entries, as paths relative to the storage folder
 * @param failures   one line per file that could not be deleted; the rest of the prune went on
 */
public record PruneResult(RetentionPlan plan, boolean dryRun, List<String> deleted, long bytesFreed,
        List<String> leftovers, List<String> failures) {

    public PruneResult {
        deleted = List.copyOf(deleted);
        leftovers = List.copyOf(leftovers);
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
