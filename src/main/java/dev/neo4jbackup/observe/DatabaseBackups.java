package dev.neo4jbackup.observe;

import java.time.Instant;
import java.util.Optional;

import dev.neo4jbackup.domain.Manifest;

/**
 * What the catalogue holds for one database: its newest backup, how many are kept and their size, and
 * the newest later validation (a restore test), if any.
 *
 * @param newest       the newest backup, or null when there is none
 * @param lastVerified the newest {@link Manifest#validatedAt()} of its backups, or null
 */
public record DatabaseBackups(String database, Manifest newest, int count, long storedBytes, Instant lastVerified) {

    public static DatabaseBackups none(String database) {
        return new DatabaseBackups(database, null, 0, 0, null);
    }

    public Optional<Instant> lastSuccessAt() {
        return Optional.ofNullable(newest).map(Manifest::created);
    }
}
