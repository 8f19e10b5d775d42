package dev.neo4jbackup.backup;

import java.util.List;

/**
 * One run: which databases (empty = the configured ones), why, and whether only to check (dry run:
 * preflight, nothing stopped or written).
 */
public record BackupRequest(Trigger trigger, String reason, List<String> databases, boolean dryRun) {

    public BackupRequest {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    public static BackupRequest of(Trigger trigger, String reason) {
        return new BackupRequest(trigger, reason, List.of(), false);
    }
}
