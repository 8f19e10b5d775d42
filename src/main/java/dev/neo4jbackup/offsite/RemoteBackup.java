package dev.neo4jbackup.offsite;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.signing.Trust;

/**
 * One backup in a destination's listing: its manifest checked exactly as a local one is, or INVALID with the
 * reason (never fetched, restored or pruned).
 *
 * @param prefix         the key prefix of the service that wrote it
 * @param archivePresent the archive's object is there (a backup whose archive is gone is partial)
 * @param storedBytes    the sizes of its objects together
 * @param trust          what its signature says: SIGNED by this service, UNSIGNED or UNTRUSTED (docs/signing.md)
 */
public record RemoteBackup(String destination, String prefix, BackupId id, Manifest manifest, String problem,
        boolean archivePresent, long storedBytes, Trust trust) {

    public RemoteBackup {
        trust = trust == null ? Trust.unsigned() : trust;
    }

    public boolean valid() {
        return problem == null;
    }

    /** Its row as {@code list --from --json} and {@code GET /api/offsite/<name>/backups} show it. */
    public Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id.toString());
        row.put("location", location());
        row.put("prefix", prefix);
        row.put("status", valid() ? manifest.status().name() : "INVALID");
        if (valid()) {
            row.put("archivePresent", archivePresent);
            row.put("trust", trust.state().name());
            if (!trust.signed()) {
                row.put("trustReason", trust.reason());
            }
            row.put("manifest", manifest);
        } else {
            row.put("invalidReason", problem);
        }
        return row;
    }

    /** Where it lives, as {@code list} shows it: {@code s3:<name>}. */
    public String location() {
        return "s3:" + destination;
    }
}
