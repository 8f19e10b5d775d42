package dev.neo4jbackup.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * Live snapshots by the operator's commands (LVM thin or classic snapshots, ZFS, a cloud volume snapshot): the
 * snapshot command leaves a writable, point-in-time copy of Neo4j's data root at the snapshot path (its
 * {@code databases/} and {@code transactions/}); the release command removes it. The commands are the operator's
 * configuration, run with {@code /bin/sh -c}; the values they need come in environment variables, never pasted
 * into the command line: {@code NEO4J_BACKUP_SNAPSHOT_PATH}, {@code NEO4J_BACKUP_SNAPSHOT_NAME},
 * {@code NEO4J_BACKUP_DATA_PATH} (the live data root).
 */
public final class CommandSnapshot implements LiveSnapshot {

    private static final Logger log = LoggerFactory.getLogger(CommandSnapshot.class);
    private static final String PROBE = ".neo4j-backup-write-check";

    private final String snapshotCommand;
    private final String releaseCommand;
    private final Path snapshotPath;
    private final Path dataRoot;
    private final ProcessRunner processes;
    private final Duration timeout;
    private final Clock clock;

    /** @param releaseCommand null or blank: the snapshot is left to its owner (a hook) */
    public CommandSnapshot(String snapshotCommand, String releaseCommand, Path snapshotPath, Path dataRoot,
            ProcessRunner processes, Duration timeout, Clock clock) {
        this.snapshotCommand = snapshotCommand;
        this.releaseCommand = releaseCommand;
        this.snapshotPath = snapshotPath.toAbsolutePath().normalize();
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.processes = processes;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "command";
    }

    @Override
    public Snapshot take(String name) {
        Instant at = clock.instant();
        ProcessResult result = run(snapshotCommand, name);
        if (!result.ok()) {
            throw new BackupFailure(result.output().contains("No space left") ? ErrorCode.BACKUP_NO_SPACE
                    : ErrorCode.SNAPSHOT_FAILED, "The snapshot command (backup.neo4j.snapshot-command) failed"
                            + (result.timedOut() ? ": timed out" : ": " + result.tail()), numbers(result),
                    "Fix the command (its last lines are above); Neo4j was not touched", null);
        }
        Snapshot snapshot = new Snapshot(kind(), name, snapshotPath, snapshotPath, at, result.took());
        for (String folder : List.of("databases", "transactions")) {
            if (!Files.isDirectory(snapshotPath.resolve(folder))) {
                release(snapshot);
                throw new BackupFailure(ErrorCode.SNAPSHOT_FAILED, "The snapshot command succeeded but "
                        + snapshotPath.resolve(folder) + " does not exist", numbers(result),
                        "backup.neo4j.snapshot-path must hold the snapshot of Neo4j's data root: its databases/ "
                                + "and transactions/ folders", null);
            }
        }
        if (!writable(snapshotPath.resolve("databases"))) {
            release(snapshot);
            throw new BackupFailure(ErrorCode.SNAPSHOT_FAILED, "The snapshot at " + snapshotPath
                    + " is not writable", null, "Mount the snapshot read-write: the scratch Neo4j recovers it in "
                            + "place (as after a power cut) before it can be dumped", null);
        }
        log.info("SNAPSHOT_TAKEN: command snapshot {} at {} in {} s", name, snapshotPath,
                Durations.seconds(result.took()));
        return snapshot;
    }

    @Override
    public void release(Snapshot snapshot) {
        if (releaseCommand == null || releaseCommand.isBlank()) {
            log.info("SNAPSHOT_KEPT: no release command; the snapshot at {} is left to its owner", snapshotPath);
            return;
        }
        ProcessResult result = run(releaseCommand, snapshot.name());
        if (!result.ok()) {
            throw new BackupFailure(ErrorCode.SNAPSHOT_FAILED, "The release command "
                    + "(backup.neo4j.snapshot-release-command) failed" + (result.timedOut() ? ": timed out" : ": "
                            + result.tail()), numbers(result), "Release the snapshot at " + snapshotPath
                                    + " by hand: until then it holds the blocks Neo4j has written since", null);
        }
        log.info("SNAPSHOT_RELEASED: command snapshot {} at {}", snapshot.name(), snapshotPath);
    }

    /** A snapshot still mounted at the snapshot path (a crashed run's): released at start-up. */
    @Override
    public List<Snapshot> leftovers() {
        if (releaseCommand == null || releaseCommand.isBlank()
                || !Files.isDirectory(snapshotPath.resolve("databases"))) {
            return List.of();
        }
        return List.of(new Snapshot(kind(), "left", snapshotPath, snapshotPath, clock.instant(), Duration.ZERO));
    }

    private ProcessResult run(String command, String name) {
        return processes.run(List.of("/bin/sh", "-c", command), Map.of("NEO4J_BACKUP_SNAPSHOT_PATH",
                snapshotPath.toString(), "NEO4J_BACKUP_SNAPSHOT_NAME", name, "NEO4J_BACKUP_DATA_PATH",
                dataRoot.toString()), null, timeout);
    }

    private static boolean writable(Path folder) {
        Path probe = folder.resolve(PROBE);
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String numbers(ProcessResult result) {
        return "Exit code: " + result.exitCode() + " | Took: " + Durations.seconds(result.took()) + " s";
    }
}
