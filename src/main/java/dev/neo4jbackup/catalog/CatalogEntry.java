package dev.neo4jbackup.catalog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.signing.Trust;

/**
 * One {@code <id>.json} in the storage folder, as the catalogue judged it. The id comes from the file
 * name (the only thing every path is derived from); the manifest is what the file says, trusted only
 * when {@link #valid()}.
 *
 * @param id       parsed from the file name
 * @param manifest the parsed manifest, or null when it could not be read
 * @param problem  why the entry is INVALID (id or database disagreeing with the file name, unreadable,
 *                 oversized, future-dated, a symbolic link ...), or null for a trustworthy manifest
 * @param trust    what its signature says: SIGNED by this service, UNSIGNED or UNTRUSTED (docs/signing.md); an
 *                 UNTRUSTED entry is valid (readable, consistent) but never counts as a backup, is never pruned,
 *                 uploaded or restored without an operator's --trust-unsigned
 */
public record CatalogEntry(BackupId id, Manifest manifest, String problem, Trust trust) {

    /** The status shown for an entry whose manifest is not trusted. */
    public static final String INVALID = "INVALID";

    public CatalogEntry {
        Objects.requireNonNull(id, "id");
        if (problem == null) {
            Objects.requireNonNull(manifest, "manifest of a valid entry");
        }
        trust = trust == null ? Trust.unsigned() : trust;
    }

    /** An entry whose signature was not looked at (an INVALID one, whose manifest is not read at all). */
    public CatalogEntry(BackupId id, Manifest manifest, String problem) {
        this(id, manifest, problem, null);
    }

    /** Valid and signed by one of this service's keys. */
    public boolean trusted() {
        return valid() && trust.signed();
    }

    /** Valid, with a signature that does not verify: altered, forged or signed with a key this service lacks. */
    public boolean untrusted() {
        return valid() && trust.untrusted();
    }

    /**
     * The manifest as written plus what its signature says, as {@code list --json} and {@code GET /api/backups}
     * show a valid entry: {@code trust} (SIGNED, UNSIGNED, UNTRUSTED) and, unless SIGNED, {@code trustReason}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> view() {
        Map<String, Object> body = JsonCodec.MAPPER.convertValue(manifest, LinkedHashMap.class);
        body.put("trust", trust.state().name());
        if (!trust.signed()) {
            body.put("trustReason", trust.reason());
        }
        return body;
    }

    public boolean valid() {
        return problem == null;
    }

    /** The manifest's status, or INVALID. */
    public String status() {
        return valid() ? manifest.status().name() : INVALID;
    }

    /** The file the entry was read from, relative to the storage root. */
    public String fileName() {
        return CatalogNames.manifestName(id);
    }

    /** When the backup was taken: the manifest's time when trusted, the file name's otherwise. */
    public Instant created() {
        return valid() ? manifest.created() : id.created();
    }

    /** A line for logs and listings: {@code INVALID neo4j-20260101-000000.json: id 'x' does not match ...}. */
    public String describe() {
        return valid() ? id + " " + manifest.status() : INVALID + " " + fileName() + ": " + problem;
    }

    /** An INVALID entry as the API and {@code list --json} show it: {@code {id, database, status, file, invalidReason}}. */
    public Map<String, Object> invalidView() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("database", id.database());
        body.put("status", INVALID);
        body.put("file", fileName());
        body.put("invalidReason", problem);
        return body;
    }
}
