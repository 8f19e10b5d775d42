package dev.neo4jbackup.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * One backup as retention sees it: no files, just what the rules need.
 *
 * @param valid false for a failed or partial backup (bad status, archive missing): it never counts for a
 *              rule and is always dropped
 * @param bytes what deleting it frees (archive, sidecar and manifest)
 */
public record Candidate(String id, String database, Instant created, boolean valid, long bytes) {

    public Candidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(created, "created");
    }
}
