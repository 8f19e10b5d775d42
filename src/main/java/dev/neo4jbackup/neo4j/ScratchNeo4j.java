package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.format.Durations;

/**
 * A throwaway Neo4j on a snapshot of the data root: the same Neo4j home with a conf of its own
 * ({@link ScratchConf}), started niced, it recovers the snapshot's stores as after a power cut; once every
 * database asked for is online it is stopped cleanly, and the snapshot's stores can be dumped. It never touches
 * the running Neo4j: other port, other data, auth off on loopback only. Its pid goes to {@code children} as soon
 * as it runs (the marker's record, so that a start after a crash ends it); a timeout or an interrupt kills it.
 */
public final class ScratchNeo4j {

    private static final Logger log = LoggerFactory.getLogger(ScratchNeo4j.class);
    private static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param heap            its heap (initial and max), e.g. {@code 512m}
     * @param pageCache       its page cache, e.g. {@code 256m}
     * @param recoveryTimeout from the start until every database is online
     * @param stopTimeout     its clean stop (the checkpoint of what it recovered)
     * @param nice            its niceness: the running Neo4j's queries get the CPU first (0: none)
     * @param boltPort        0: a free loopback port, chosen at each start
     * @param jvmOptions      more options of its JVM (server.jvm.additional)
     */
    public record Settings(String heap, String pageCache, Duration recoveryTimeout, Duration stopTimeout, int nice,
            int boltPort, List<String> jvmOptions) {
        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
        }

        public static Settings defaults() {
            return new Settings("512m", "256m", Duration.ofMinutes(30), Duration.ofMinutes(5), 10, 0, List.of());
        }
    }

    /** What the recovery took: until online, and the clean stop. */
    public record Recovered(Duration online, Duration stop, long pid, int boltPort) {
    }

    private final Neo4jInstallation installation;
    private final ProcessRunner processes;
    private final Settings settings;
    private final Set<ScratchProcess> running = ConcurrentHashMap.newKeySet();

    public ScratchNeo4j(Neo4jInstallation installation, ProcessRunner processes, Settings settings) {
        this.installation = installation;
        this.processes = processes;
        this.settings = settings;
    }

    /**
     * Recovers the stores of the snapshot whose data root is {@code dataDir}: starts, waits until each of
     * {@code databases} is online, stops cleanly. {@code workDir} holds its conf, logs and pid file.
     */
    public Recovered recover(Path dataDir, List<String> databases, Path workDir, DowntimeWindow.Children children) {
        long start = System.nanoTime();
        try (ScratchProcess scratch = start(dataDir, databases, workDir, children)) {
            Duration online = Duration.ofNanos(System.nanoTime() - start);
            Duration stop = scratch.stop();
            log.info("SCRATCH_RECOVERED: {} in {} ({} s to online, {} s to stop)", databases, dataDir,
                    Durations.seconds(online), Durations.seconds(stop));
            return new Recovered(online, stop, scratch.pid(), scratch.boltPort());
        }
    }

    /** Starts and returns once every database is online, for queries on the copy; {@link ScratchProcess#stop} it. */
    public ScratchProcess start(Path dataDir, List<String> databases, Path workDir, DowntimeWindow.Children children) {
        refuseBeforeLaunch(dataDir, databases, workDir);
        for (int attempt = 1;; attempt++) {
            int port = settings.boltPort() != 0 ? settings.boltPort() : freePort();
            Optional<ScratchProcess> started = startOn(port, dataDir, databases, workDir, children,
                    settings.boltPort() == 0 && attempt == 1);
            if (started.isPresent()) {
                return started.get();
            }
            // a free port another process took between our choice and Neo4j's bind: one more try
            log.warn("SCRATCH_PORT_TAKEN: 127.0.0.1:{} was taken before the scratch Neo4j bound it; trying another",
                    port);
        }
    }

    /**
     * What can be known without a JVM: a database the snapshot holds no store of, a configured port another process
     * has. Said in seconds, not after a Neo4j start (a chosen free port taken later is retried, see above).
     */
    private void refuseBeforeLaunch(Path dataDir, List<String> databases, Path workDir) {
        List<String> held = storesIn(dataDir.resolve("databases"));
        for (String database : databases) {
            if (!held.contains(database)) {
                throw ScratchProcess.notHeld(dataDir, database, held);
            }
        }
        int port = settings.boltPort();
        if (port != 0) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // bound: free now (closed at once)
            } catch (IOException inUse) {
                throw ScratchLogs.failure(new ScratchLogs.Diagnosis(ScratchLogs.Cause.PORT_BUSY, inUse.getMessage()),
                        "did not start", dataDir, databases, port, true, workDir.resolve("logs"), "Took: 0 s");
            }
        }
    }

    private static List<String> storesIn(Path databasesDir) {
        if (!Files.isDirectory(databasesDir)) {
            return List.of();
        }
        try (var entries = Files.list(databasesDir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every scratch Neo4j still running (the service shuts down); returns how many. */
    public int abortAll() {
        List<ScratchProcess> all = List.copyOf(running);
        all.forEach(ScratchProcess::kill);
        return all.size();
    }

    /** Empty when the port was taken and {@code mayRetry}; throws every other failure. */
    private Optional<ScratchProcess> startOn(int port, Path dataDir, List<String> databases, Path workDir,
            DowntimeWindow.Children children, boolean mayRetry) {
        Path conf = ScratchConf.write(workDir, dataDir, port, settings);
        Path pidFile = workDir.resolve("run").resolve("neo4j.pid");
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(Nice.prefix(settings.nice()));
        command.add(neo4jCommand().toString());
        command.add("start");
        long t0 = System.nanoTime();
        ProcessResult launched = processes.run(command, environment(conf), workDir, LAUNCH_TIMEOUT);
        ProcessHandle handle = readPid(pidFile).flatMap(ProcessHandle::of).orElse(null);
        if (!launched.ok() || handle == null) {
            if (handle != null) {
                // a launcher that failed after the server JVM was forked: never leave that one behind
                handle.destroyForcibly();
            }
            throw ScratchLogs.failure(ScratchLogs.diagnose(workDir.resolve("logs"), launched.output()),
                    "did not start", dataDir, databases, port, settings.boltPort() != 0, workDir.resolve("logs"),
                    "Took: " + Durations.secondsSince(t0) + " s");
        }
        log.info("SCRATCH_STARTED: pid {} on 127.0.0.1:{} recovering {} in {}", handle.pid(), port, databases,
                dataDir);
        children.record(handle, "scratch Neo4j recovering " + String.join(",", databases) + " in " + dataDir);
        ScratchProcess scratch = new ScratchProcess(handle, port, workDir, settings, processes, neo4jCommand(),
                environment(conf), running::remove);
        running.add(scratch);
        ScratchLogs.Diagnosis ended;
        try {
            ended = scratch.awaitOnline(databases, dataDir, t0);
        } catch (RuntimeException e) {
            scratch.kill();
            throw e;
        }
        if (ended == null) {
            return Optional.of(scratch);
        }
        scratch.kill();
        if (ended.cause() == ScratchLogs.Cause.PORT_BUSY && mayRetry) {
            return Optional.empty();
        }
        throw ScratchLogs.failure(ended, "ended while it recovered", dataDir, databases, port,
                settings.boltPort() != 0, workDir.resolve("logs"), "Took: " + Durations.secondsSince(t0) + " s");
    }

    private Path neo4jCommand() {
        return installation.home().resolve("bin").resolve("neo4j");
    }

    private Map<String, String> environment(Path conf) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NEO4J_HOME", installation.home().toString());
        env.put("NEO4J_CONF", conf.toString());
        // bin/neo4j stop waits this long for the server to end
        env.put("NEO4J_SHUTDOWN_TIMEOUT", Long.toString(settings.stopTimeout().toSeconds()));
        return env;
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
