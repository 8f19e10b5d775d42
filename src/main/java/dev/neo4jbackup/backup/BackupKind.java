package dev.neo4jbackup.backup;

import java.nio.file.Path;

import dev.neo4jbackup.neo4j.DowntimeWindow;

/**
 * What a backup of one database is made of ({@code backup.kind}): the bytes the package stage then
 * compresses, hashes and the destinations store. One kind today, {@link DumpKind}; a logical export
 * over Bolt would be the second, one that needs no downtime.
 */
public interface BackupKind {

    /** As configured and as the manifest would record it: {@code dump}. */
    String name();

    /** Whether Neo4j must be stopped (by the stop mode) while {@link #produce} runs. */
    boolean needsDowntime();

    /**
     * Writes the backup of {@code database} into {@code workDir} and returns that file. A child process
     * working on the store is told to {@code children}, so that a crash of the service cannot orphan it.
     */
    Path produce(String database, Path workDir, DowntimeWindow.Children children);
}
