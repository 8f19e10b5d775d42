package dev.neo4jbackup.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.config.SnapshotMode;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.neo4j.DowntimeWindow;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * {@code backup.neo4j.snapshot}: while Neo4j is stopped, a consistent copy of one database's store and
 * transaction-log folders as a data root of its own ({@code databases/<db>}, {@code transactions/<db>}), which
 * neo4j-admin dumps after Neo4j was started again. Copies live in {@code .staging/snapshot-<id>}: a crash
 * leaves only staging debris, which start-up recovery sweeps.
 */
final class StoreSnapshot {

    private static final Logger log = LoggerFactory.getLogger(StoreSnapshot.class);

    /** A data root to dump from; {@code owned} when this service made it (and so deletes it). */
    record Taken(Path dataDir, boolean owned, Duration took) {
    }

    private final SnapshotMode mode;
    private final String command;
    private final Path commandPath;
    private final BackupCatalog catalog;
    private final Supplier<Neo4jInstallation> installation;
    private final ProcessRunner processes;
    private final Duration timeout;

    StoreSnapshot(SnapshotMode mode, String command, Path commandPath, BackupCatalog catalog,
            Supplier<Neo4jInstallation> installation, ProcessRunner processes, Duration timeout) {
        this.mode = mode;
        this.command = command;
        this.commandPath = commandPath;
        this.catalog = catalog;
        this.installation = installation;
        this.processes = processes;
        this.timeout = timeout;
    }

    static StoreSnapshot off() {
        return new StoreSnapshot(SnapshotMode.OFF, null, null, null, null, null, Duration.ZERO);
    }

    boolean enabled() {
        return mode != SnapshotMode.OFF;
    }

    /** For the manifest: {@code copy}, {@code command}, or null when the dump ran in the window. */
    String modeName() {
        return enabled() ? mode.name().toLowerCase(Locale.ROOT) : null;
    }

    /** Bytes the copy needs in the storage folder (command mode: none there). */
    long spaceNeeded(String database) {
        return mode == SnapshotMode.COPY ? installation.get().snapshotSize(database) : 0;
    }

    /** Called while Neo4j is stopped; the copy's child process goes to {@code children} (the stop marker). */
    Taken take(BackupId id, String database, DowntimeWindow.Children children) {
        long start = System.nanoTime();
        Taken taken = mode == SnapshotMode.COMMAND ? byCommand(database, children) : byCopy(id, database, children);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.info("SNAPSHOT_TAKEN: {} of {} in {} seconds at {}", modeName(), database, Durations.seconds(took),
                taken.dataDir());
        return new Taken(taken.dataDir(), taken.owned(), took);
    }

    /** Deletes a copy this service made (also after a failure); a command's snapshot is its owner's. */
    void release(Taken taken) {
        if (taken != null && taken.owned()) {
            BackupCatalog.deleteQuietly(taken.dataDir());
        }
    }

    private Taken byCopy(BackupId id, String database, DowntimeWindow.Children children) {
        Path dataDir = catalog.root().resolve(CatalogNames.STAGING).resolve("snapshot-" + id);
        Neo4jInstallation neo4j = installation.get();
        Path store = neo4j.databaseDirectory(database);
        if (!Files.isDirectory(store)) {
            throw new BackupFailure(ErrorCode.BACKUP_FAILED, "No store folder to snapshot for database '" + database
                    + "' at " + store, null, "Check NEO4J_HOME, NEO4J_DATA_PATH or server.directories.data", null);
        }
        Taken taken = new Taken(dataDir, true, Duration.ZERO);
        try {
            copy(store, dataDir.resolve("databases"), database, children);
            Path txLogs = neo4j.transactionsDirectory(database);
            if (Files.isDirectory(txLogs)) {
                copy(txLogs, dataDir.resolve("transactions"), database, children);
            }
            return taken;
        } catch (RuntimeException e) {
            release(taken); // a full disk must not keep the half copy
            throw e;
        }
    }

    /** {@code cp --reflink=auto -a}: a reflink where the filesystem can (btrfs, XFS), else a streaming copy. */
    private void copy(Path from, Path intoParent, String database, DowntimeWindow.Children children) {
        try {
            Files.createDirectories(intoParent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessResult result = processes.run(List.of("cp", "--reflink=auto", "-a", from.toString(),
                intoParent.resolve(database).toString()), Map.of(), intoParent, timeout,
                child -> children.record(child, "cp (snapshot of " + database + ")"));
        if (!result.ok()) {
            boolean full = result.output().contains("No space left");
            throw new BackupFailure(full ? ErrorCode.BACKUP_NO_SPACE : ErrorCode.BACKUP_FAILED,
                    "The snapshot copy of " + from + " failed" + (full ? ": no space left in " + catalog.root()
                            : result.timedOut() ? ": timed out" : ": " + result.tail().strip()),
                    "Exit code: " + result.exitCode() + " | Took: " + Durations.seconds(result.took()) + " s", full
                            ? "Free space in the storage folder (the copy needs the store and its transaction logs), "
                                    + "or set backup.neo4j.snapshot=off"
                            : "Check that the service may read " + from + " and write " + catalog.root()
                                    + " (cp's words above), or set backup.neo4j.snapshot=off; Neo4j was started "
                                    + "again and nothing was dumped", null);
        }
    }

    private Taken byCommand(String database, DowntimeWindow.Children children) {
        ProcessResult result = processes.run(List.of("sh", "-c", command), Map.of("NEO4J_BACKUP_DATABASE",
                database, "NEO4J_BACKUP_SNAPSHOT_PATH", commandPath.toString()), catalog.root(), timeout,
                child -> children.record(child, "snapshot command for " + database));
        if (!result.ok()) {
            throw new BackupFailure(ErrorCode.BACKUP_FAILED, "The snapshot command (backup.neo4j.snapshot-command) "
                    + "failed" + (result.timedOut() ? ": timed out" : ": " + result.tail().strip()),
                    "Exit code: " + result.exitCode() + " | Took: " + Durations.seconds(result.took()) + " s",
                    "Fix the command; Neo4j was started again and nothing was dumped", null);
        }
        if (!Files.isDirectory(commandPath.resolve("databases").resolve(database))) {
            throw new BackupFailure(ErrorCode.BACKUP_FAILED, "The snapshot command succeeded but "
                    + commandPath.resolve("databases").resolve(database) + " does not exist", null,
                    "backup.neo4j.snapshot-path must hold the snapshot's databases/ and transactions/ folders", null);
        }
        return new Taken(commandPath, false, Duration.ZERO);
    }
}
