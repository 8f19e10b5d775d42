package dev.neo4jbackup.catalog;

import java.time.Instant;

import dev.neo4jbackup.signing.Trust;

/**
 * An operator accepted a backup this service did not sign ({@code --trust-unsigned}): the alert's event.
 *
 * @param operation what it was accepted for: restore, fetch, validate
 * @param where     where it was: the storage folder, or {@code s3:<destination>}
 */
public record TrustOverridden(String id, String database, Trust trust, String operation, String where, Instant at) {
}
