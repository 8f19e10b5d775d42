package dev.neo4jbackup.backup;

import java.time.Instant;
import java.util.List;

import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Trigger;

/**
 * One run: which databases (empty = the configured ones), why, and whether only to check (dry run:
 * preflight, nothing stopped or written). {@code requestedAt}, when given, is the time the ids are made
 * from, so that the HTTP API can name the backup before the run starts. {@code kind}, when given, is what
 * the backup is made of instead of the configured {@code backup.kind} (the auto-backup's own kind).
 */
public record BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun,
        Instant requestedAt, Kind kind) {

    public BackupRequest {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    public BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun,
            Instant requestedAt) {
        this(trigger, reason, databases, dryRun, requestedAt, null);
    }

    public BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun) {
        this(trigger, reason, databases, dryRun, null, null);
    }

    public static BackupRequest of(Trigger trigger, String reason) {
        return new BackupRequest(trigger, reason, List.of(), false);
    }

    /** @param kind what the backup is made of; null: the configured {@code backup.kind} */
    public static BackupRequest of(Trigger trigger, String reason, Kind kind) {
        return new BackupRequest(trigger, reason, List.of(), false, null, kind);
    }
}
