package dev.neo4jbackup.backup;

import java.nio.file.Path;

import dev.neo4jbackup.neo4j.DowntimeWindow;

/**
 * What a backup of one database is made of ({@code backup.kind}): the bytes the package stage then
 * compresses, hashes and the destinations store: {@link DumpKind}, and {@link LogicalKind}, the export
 * over Bolt that needs no downtime.
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

    /**
     * {@link #produce(String, Path, DowntimeWindow.Children)} that stops early, with a SHUTDOWN failure, once
     * {@code stop} says so (a kind that can stop between steps: the logical export, between two pages).
     */
    default Path produce(String database, Path workDir, DowntimeWindow.Children children,
            java.util.function.BooleanSupplier stop) {
        return produce(database, workDir, children);
    }

    /**
     * The bytes the package stage compresses, seals and hashes: the file itself, or (a logical export) its header
     * from memory followed by its body from a spool that may hold nothing but ciphertext.
     */
    default java.io.InputStream open(Path file) throws java.io.IOException {
        return java.nio.file.Files.newInputStream(file);
    }

    /**
     * What the kind learnt while producing {@code file}, for the manifest (a logical export's consistency
     * evidence, exclusions and fingerprint); null for a dump. Asked once, after {@link #produce}.
     */
    default dev.neo4jbackup.domain.Manifest.Logical factsOf(Path file) {
        return null;
    }

    /** The graph the backup holds when it is not the one read in preflight (a logical export's own counts). */
    default dev.neo4jbackup.domain.GraphStats graphOf(Path file) {
        return null;
    }

    /** This kind for one run (a logical export writes the run's trigger and reason into its header). */
    default BackupKind forRequest(BackupRequest request) {
        return this;
    }
}
