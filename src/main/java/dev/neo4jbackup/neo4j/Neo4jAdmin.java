package dev.neo4jbackup.neo4j;

import static dev.neo4jbackup.format.Durations.seconds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** The neo4j-admin commands the service runs, each a child process of the real tool. */
public class Neo4jAdmin {

    private static final Pattern FAILED_LINE = Pattern.compile("Failed to (?:dump|load) database '[^']*': (.+)");
    private static final Pattern EXCEPTION_LINE = Pattern.compile("(?:[a-z]+\\.)+[A-Za-z]*(?:Exception|Error): (.+)");

    private final Supplier<Neo4jInstallation> installations;
    private final ProcessRunner runner;

    public Neo4jAdmin(Neo4jInstallation installation, ProcessRunner runner) {
        this(() -> installation, runner);
    }

    /**
     * With the installation looked up at first use: the CLI's list, status or validate (without --deep)
     * run on a host that has only the storage folder, and only a command that runs neo4j-admin needs
     * NEO4J_HOME (the supplier's failure says so then).
     */
    public Neo4jAdmin(Supplier<Neo4jInstallation> installation, ProcessRunner runner) {
        this.installations = installation;
        this.runner = runner;
    }

    public Neo4jInstallation installation() {
        return installations.get();
    }

    /** Whether neo4j-admin can run here: an installation is configured and has an executable bin/neo4j-admin. */
    public boolean available() {
        try {
            return installation().hasAdminCommand();
        } catch (RuntimeException notConfigured) {
            return false;
        }
    }

    /** NEO4J_ADMIN_MISSING unless bin/neo4j-admin is there and executable. */
    public void requirePresent() {
        if (!installation().hasAdminCommand()) {
            throw new BackupFailure(ErrorCode.NEO4J_ADMIN_MISSING,
                    "neo4j-admin not found at " + installation().adminCommand()
                            + (Files.exists(installation().adminCommand()) ? " (not executable)" : ""));
        }
    }

    /** `neo4j-admin database dump <db> --to-path=<dir>`: writes {@code <dir>/<db>.dump}. */
    public Path dump(String database, Path toDir, Duration timeout) {
        return dump(database, toDir, timeout, started -> { });
    }

    /** The same, telling {@code started} the neo4j-admin process as soon as it runs (for the stop marker). */
    public Path dump(String database, Path toDir, Duration timeout, Consumer<ProcessHandle> started) {
        ProcessResult result = runWatched(timeout, started, "database", "dump", database, "--to-path=" + toDir);
        Path dump = toDir.resolve(database + ".dump");
        if (!result.ok() || !Files.exists(dump)) {
            throw failure("dump of database '" + database + "'", result);
        }
        return dump;
    }

    /**
     * The dump of a snapshot: the same command with the data root (databases/ and transactions/) pointed at
     * {@code dataDir}, a copy taken while Neo4j was stopped. Neo4j may run meanwhile: the copy's store lock
     * is not the live one.
     */
    public Path dumpFrom(String database, Path dataDir, Path toDir, Duration timeout, int nice,
            Consumer<ProcessHandle> started) {
        ProcessResult result = runWatched(timeout, started, dataDir, nice, "database", "dump", database,
                "--to-path=" + toDir);
        Path dump = toDir.resolve(database + ".dump");
        if (!result.ok() || !Files.exists(dump)) {
            throw failure("dump of database '" + database + "' from the snapshot in " + dataDir, result);
        }
        return dump;
    }

    /** `neo4j-admin database load --info --from-path=<dir>`: reads the dump header only. */
    public ProcessResult loadInfo(Path fromDir, String database, Duration timeout) {
        return run(timeout, "database", "load", "--info", "--from-path=" + fromDir, database);
    }

    /** `neo4j-admin database load <db> --from-path=<dir> --overwrite-destination`. */
    public void load(String database, Path fromDir, Duration timeout) {
        load(database, fromDir, timeout, started -> { });
    }

    /** The same, telling {@code started} the neo4j-admin process as soon as it runs (for the stop marker). */
    public void load(String database, Path fromDir, Duration timeout, Consumer<ProcessHandle> started) {
        ProcessResult result = runWatched(timeout, started, "database", "load", database, "--from-path=" + fromDir,
                "--overwrite-destination=true");
        if (!result.ok()) {
            throw failure("load of database '" + database + "'", result);
        }
    }

    /**
     * `neo4j-admin database load <db> --from-path=<dir> --overwrite-destination` into another data root than
     * Neo4j's (a side folder next to its data, on the same filesystem): Neo4j may run meanwhile, the side folder's
     * store lock is not the live one. Leaves {@code <sideDataDir>/databases/<db>} and {@code transactions/<db>}.
     */
    public void loadAside(String database, Path fromDir, Path sideDataDir, Duration timeout, int nice,
            Consumer<ProcessHandle> started) {
        ProcessResult result = runWatched(timeout, started, sideDataDir, nice, "database", "load", database,
                "--from-path=" + fromDir, "--overwrite-destination=true");
        if (!result.ok()) {
            throw failure("load of database '" + database + "' into " + sideDataDir, result);
        }
    }

    /**
     * `neo4j-admin database info <db> --format=json` of the store in {@code dataDir} (null: Neo4j's own): its
     * format, whether it needs recovery, its last committed transaction id.
     */
    public StoreInfo info(String database, Path dataDir, Duration timeout) {
        ProcessResult result = runWatched(timeout, started -> { }, dataDir != null ? dataDir
                : installation().dataPath(), 0, "database", "info", database, "--format=json");
        if (!result.ok()) {
            throw failure("info of database '" + database + "'" + (dataDir != null ? " in " + dataDir : ""), result);
        }
        return StoreInfo.parse(result.output()).stream().filter(s -> s.database().equals(database)).findFirst()
                .orElseThrow(() -> new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "neo4j-admin database info named "
                        + "no database '" + database + "'" + (dataDir != null ? " in " + dataDir : ""), null));
    }

    /** `neo4j-admin database check <db> --from-path=<dir> --temp-path=<tmp>`: the consistency checker. */
    public ProcessResult check(String database, Path fromDir, Path tempDir, Duration timeout) {
        return check(database, fromDir, tempDir, timeout, 0);
    }

    /** The same at a niceness (0-19): a backup's check runs while Neo4j starts and serves. */
    public ProcessResult check(String database, Path fromDir, Path tempDir, Duration timeout, int nice) {
        return runWatched(timeout, started -> { }, installation().dataPath(), nice, "database", "check", database,
                "--from-path=" + fromDir, "--temp-path=" + tempDir);
    }

    /**
     * `neo4j-admin --version`: the release of the binaries that would load a dump ("5.26.30", "2025.12.1"),
     * for when the server does not answer over Bolt; empty when the tool does not say.
     */
    public Optional<Neo4jVersion.Release> version(Duration timeout) {
        requirePresent();
        ProcessResult result = runner.run(List.of(installation().adminCommand().toString(), "--version"),
                installation().environment(), installation().home(), timeout);
        if (!result.ok()) {
            return Optional.empty();
        }
        return result.output().lines().map(String::strip).filter(l -> !l.startsWith("WARNING"))
                .map(Neo4jVersion.Release::parse).flatMap(Optional::stream).findFirst();
    }

    ProcessResult run(Duration timeout, String... args) {
        return runWatched(timeout, started -> { }, args);
    }

    private ProcessResult runWatched(Duration timeout, Consumer<ProcessHandle> started, String... args) {
        return runWatched(timeout, started, installation().dataPath(), 0, args);
    }

    /**
     * @param dataPath the data root to use instead of neo4j.conf's (null: neo4j.conf's)
     * @param nice     the niceness of neo4j-admin and its JVM (0: the service's own)
     */
    private ProcessResult runWatched(Duration timeout, Consumer<ProcessHandle> started, Path dataPath, int nice,
            String... args) {
        requirePresent();
        List<String> command = new ArrayList<>(Nice.prefix(nice));
        command.add(installation().adminCommand().toString());
        command.addAll(List.of(args));
        if (dataPath != null) {
            // the data folder of a sidecar's mounted volume or a snapshot, not the one in neo4j.conf
            command.add("--additional-config=" + dataPathConfig(dataPath));
        }
        return runner.run(command, installation().environment(), installation().home(), timeout, started);
    }

    private static Path dataPathConfig(Path dataPath) {
        try {
            Path file = Files.createTempFile("neo4j-backup-data-path", ".conf");
            // the transaction logs too: a neo4j.conf that moves them elsewhere must not send the dump there
            Files.writeString(file, "server.directories.data=" + dataPath + "\n"
                    + "server.directories.transaction.logs.root=" + dataPath.resolve("transactions") + "\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns neo4j-admin's output into NEO4J_ADMIN_FAILED with its own reason, not just an exit code. */
    static BackupFailure failure(String what, ProcessResult result) {
        String reason = result.timedOut() ? "timed out after " + seconds(result.took()) + " s" : reasonOf(result);
        return new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "neo4j-admin " + what + " failed: " + reason,
                "Exit code: " + result.exitCode() + " | Took: " + seconds(result.took()) + " s", null, null);
    }

    static String reasonOf(ProcessResult result) {
        String output = result.output();
        Matcher failed = FAILED_LINE.matcher(output);
        if (failed.find()) {
            return failed.group(1).strip();
        }
        Matcher exception = EXCEPTION_LINE.matcher(output);
        if (exception.find()) {
            return exception.group(1).strip();
        }
        String last = null;
        for (String line : output.split("\\R")) {
            String trimmed = line.strip();
            // "WARNING: ..." is the JVM's (native access on Java 22+, open files), never neo4j-admin's reason
            if (!trimmed.isEmpty() && !trimmed.startsWith("Run with '--verbose'") && !trimmed.startsWith("at ")
                    && !trimmed.startsWith("WARNING:")) {
                last = trimmed;
            }
        }
        return last != null ? last : "exit code " + result.exitCode() + " and no output";
    }
}
