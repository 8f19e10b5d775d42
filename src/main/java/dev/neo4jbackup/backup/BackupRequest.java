package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import java.util.List;

/**
 * One run: which databases (empty = the configured ones), why, and whether only to check (dry run:
 * preflight, nothing stopped or written). {@code requestedAt}, when given, is the time the ids are made
 * from, so that the HTTP API can name the backup before the run starts. {@code kind}, when given, is this
 * run's kind instead of the configured {@code backup.kind}.
 */
public record BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun,
        java.time.Instant requestedAt, dev.neo4jbackup.config.Kind kind) {

    public BackupRequest {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    public BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun,
            java.time.Instant requestedAt) {
        this(trigger, reason, databases, dryRun, requestedAt, null);
    }

    public BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun) {
        this(trigger, reason, databases, dryRun, null);
    }

    public static BackupRequest of(Trigger trigger, String reason) {
        return new BackupRequest(trigger, reason, List.of(), false);
    }

    /** @param kind null: the configured {@code backup.kind} */
    public static BackupRequest of(Trigger trigger, String reason, dev.neo4jbackup.config.Kind kind) {
        return new BackupRequest(trigger, reason, List.of(), false, null, kind);
    }
}
