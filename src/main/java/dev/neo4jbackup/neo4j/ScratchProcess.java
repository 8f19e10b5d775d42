package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.SessionConfig;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.format.Sizes;

/**
 * One started scratch Neo4j ({@link ScratchNeo4j#start}). {@link #stop()} stops it cleanly (its recovery is
 * checkpointed); closing it without that kills it (SIGKILL), as does a timeout or an interrupt.
 */
public final class ScratchProcess implements AutoCloseable {

    private static final long POLL_MILLIS = 250;

    private final ProcessHandle process;
    private final int boltPort;
    private final Path workDir;
    private final ScratchNeo4j.Settings settings;
    private final ProcessRunner processes;
    private final Path neo4jCommand;
    private final Map<String, String> environment;
    private final Consumer<ScratchProcess> ended;
    private final Driver driver;

    ScratchProcess(ProcessHandle process, int boltPort, Path workDir, ScratchNeo4j.Settings settings,
            ProcessRunner processes, Path neo4jCommand, Map<String, String> environment,
            Consumer<ScratchProcess> ended) {
        this.process = process;
        this.boltPort = boltPort;
        this.workDir = workDir;
        this.settings = settings;
        this.processes = processes;
        this.neo4jCommand = neo4jCommand;
        this.environment = environment;
        this.ended = ended;
        this.driver = GraphDatabase.driver("bolt://127.0.0.1:" + boltPort, AuthTokens.none(),
                Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS).build());
    }

    public long pid() {
        return process.pid();
    }

    public int boltPort() {
        return boltPort;
    }

    /** A driver for queries on the recovered copy (auth off, loopback). */
    public Driver driver() {
        return driver;
    }

    /**
     * Polls {@code SHOW DATABASES} until each database is online. Returns null then, or the diagnosis from its
     * logs when the process ended; throws when a database failed, the timeout passed or the thread was interrupted.
     */
    ScratchLogs.Diagnosis awaitOnline(List<String> databases, Path dataDir, long t0) {
        long deadline = t0 + settings.recoveryTimeout().toNanos();
        while (true) {
            if (!process.isAlive()) {
                return ScratchLogs.diagnose(workDir.resolve("logs"), null);
            }
            // the deadline first: on a busy host the launch alone may take longer than a short timeout
            if (System.nanoTime() > deadline) {
                throw new BackupFailure(ErrorCode.SCRATCH_RECOVERY_FAILED, "The scratch Neo4j did not recover "
                        + String.join(",", databases) + " within " + settings.recoveryTimeout().toSeconds()
                        + " s; it was killed", "Waited: " + Durations.secondsSince(t0) + " s | Store: "
                                + Sizes.human(bytes(dataDir.resolve("databases"))) + " | Transaction logs: "
                                + Sizes.human(bytes(dataDir.resolve("transactions"))), "Raise the scratch recovery "
                                        + "timeout, or give the scratch Neo4j more page cache; the running Neo4j was "
                                        + "not touched", null);
            }
            Map<String, String[]> status = statuses();
            if (status != null && online(databases, status, dataDir, t0)) {
                return null;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupFailure(ErrorCode.SCRATCH_RECOVERY_FAILED, "Interrupted while the scratch Neo4j "
                        + "recovered " + String.join(",", databases) + "; it was killed", null, null, e);
            }
        }
    }

    static BackupFailure notHeld(Path dataDir, String database, Collection<String> held) {
        return new BackupFailure(ErrorCode.SCRATCH_RECOVERY_FAILED, "The snapshot in " + dataDir + " holds no database '"
                + database + "'", "Databases there: " + String.join(", ", held), "Back up a database the running "
                        + "Neo4j has", null);
    }

    /** Every database online; throws when one is missing or failed (not starting, with a message). */
    private boolean online(List<String> databases, Map<String, String[]> status, Path dataDir, long t0) {
        List<String> waiting = new ArrayList<>();
        for (String database : databases) {
            String[] s = status.get(database);
            if (s == null) {
                throw notHeld(dataDir, database, status.keySet());
            }
            if (!"online".equals(s[0])) {
                if (!"starting".equals(s[0]) && s[1] != null && !s[1].isBlank()) {
                    ScratchLogs.Diagnosis logs = ScratchLogs.diagnose(workDir.resolve("logs"), null);
                    throw new BackupFailure(logs.cause() == ScratchLogs.Cause.NO_SPACE ? ErrorCode.BACKUP_NO_SPACE
                            : ErrorCode.SCRATCH_RECOVERY_FAILED, "The scratch Neo4j could not recover '" + database
                                    + "' (" + s[0] + ": " + s[1] + "); its log: " + logs.excerpt(), "Took: "
                                            + Durations.secondsSince(t0) + " s", "The snapshot in " + dataDir
                                                    + " may be damaged or its volume full; the running Neo4j was not "
                                                    + "touched. Scratch logs: " + workDir.resolve("logs"), null);
                }
                waiting.add(database);
            }
        }
        return waiting.isEmpty();
    }

    /** name -> {currentStatus, statusMessage}; null while Bolt does not answer (or system is not up) yet. */
    private Map<String, String[]> statuses() {
        try (var session = driver.session(SessionConfig.forDatabase("system"))) {
            Map<String, String[]> status = new LinkedHashMap<>();
            session.run("SHOW DATABASES YIELD name, currentStatus, statusMessage").forEachRemaining(r -> status.put(
                    r.get("name").asString(), new String[] {r.get("currentStatus").asString(null),
                            r.get("statusMessage").asString(null)}));
            return status;
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    /** {@code bin/neo4j stop} with its conf: the recovered stores are checkpointed; returns how long it took. */
    public Duration stop() {
        long t0 = System.nanoTime();
        driver.close();
        ProcessResult result = processes.run(List.of(neo4jCommand.toString(), "stop"), environment, workDir,
                settings.stopTimeout().plusSeconds(30));
        if (process.isAlive() && !awaitExit(Duration.ofSeconds(5))) {
            kill();
            throw new BackupFailure(ErrorCode.SCRATCH_RECOVERY_FAILED, "The scratch Neo4j did not stop within "
                    + settings.stopTimeout().toSeconds() + " s and was killed: what it recovered is not checkpointed ("
                    + result.tail() + ")", "Took: " + Durations.secondsSince(t0) + " s",
                    "Raise the scratch stop timeout; the running Neo4j was not touched", null);
        }
        ended.accept(this);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** SIGKILL to it (and anything it started), then waits until it is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
        driver.close();
        ended.accept(this);
    }

    /** Waits for the process to end; an interrupt does not cut the wait short (it is kept for the caller). */
    private boolean awaitExit(Duration timeout) {
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (process.isAlive() && System.nanoTime() < deadline) {
                try {
                    process.onExit().get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // poll again
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return !process.isAlive();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills it when it still runs ({@link #stop()} was not called or failed). */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        } else {
            driver.close();
            ended.accept(this);
        }
    }

    private static long bytes(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
