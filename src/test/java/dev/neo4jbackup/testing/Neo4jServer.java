package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;

import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.LocalNeo4jConf;
import dev.neo4jbackup.neo4j.Neo4jInstallation;

/**
 * A real Neo4j for tests: the home the build assembled (target/neo4j-home), with its own conf, data,
 * logs and run folders in a temporary directory and Bolt on a free loopback port. A failed start
 * throws with Neo4j's own log in the message.
 */
public final class Neo4jServer implements AutoCloseable {

    public static final String PASSWORD = "test-password";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final Path home;
    private final Path dir;
    private final int boltPort;
    /** Its data root: {@code dir/data}, or a folder of the test's choosing (a btrfs subvolume). */
    private final Path dataDir;
    private Driver driver;
    private boolean running;

    private Neo4jServer(String name, Path home, Path dir, int boltPort) {
        this(name, home, dir, boltPort, null);
    }

    private Neo4jServer(String name, Path home, Path dir, int boltPort, Path dataDir) {
        this.name = name;
        this.home = home;
        this.dir = dir;
        this.boltPort = boltPort;
        this.dataDir = dataDir != null ? dataDir.toAbsolutePath() : dir.resolve("data");
    }

    /** The assembled Neo4j home; fails clearly when the build has not made it. */
    public static Path home() {
        Path home = Path.of(System.getProperty("neo4j.home", "target/neo4j-home")).toAbsolutePath();
        if (!Files.isDirectory(home.resolve("lib"))) {
            throw new IllegalStateException("No Neo4j home at " + home + ": run the build (./mvnw test) first");
        }
        return home;
    }

    /** A configured server that is not started yet (load data with {@link #admin} first, then start). */
    public static Neo4jServer create(String name) {
        return create(name, home());
    }

    /** The same from another Neo4j home (the 2025.x one of {@link CalendarHome}). */
    public static Neo4jServer create(String name, Path home) {
        return create(name, home, null);
    }

    /**
     * A configured server whose data root is {@code dataDir} (created when missing; e.g. on a
     * {@link BtrfsVolume}'s subvolume) rather than a folder in its temporary directory. Its conf, logs and run
     * folders stay in the temporary directory.
     */
    public static Neo4jServer createWithData(String name, Path dataDir) {
        return create(name, home(), dataDir);
    }

    /** A started, empty server whose data root is {@code dataDir}. */
    public static Neo4jServer startWithData(String name, Path dataDir) {
        Neo4jServer server = createWithData(name, dataDir);
        server.start();
        return server;
    }

    private static Neo4jServer create(String name, Path home, Path dataDir) {
        try {
            Optional<FirstStart> first = FirstStart.of(home, (archive, data) -> makeFirstStart(home, archive, data));
            Path dir = Files.createTempDirectory("neo4j-" + name + "-");
            Neo4jServer server = new Neo4jServer(name, home, dir, freePort(), dataDir);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
            }
            server.writeConf(first.map(FirstStart::jvmOption));
            if (first.isPresent()) {
                first.get().copyDataTo(server.dataDir());
            } else {
                server.admin("dbms", "set-initial-password", PASSWORD).requireOk("set-initial-password");
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server another JVM of the test configured and runs (its folder and Bolt port): for a child JVM
     * that plays the service. Never close it here: the owner deletes the folder.
     */
    public static Neo4jServer attach(String name, Path dir, int boltPort) {
        return new Neo4jServer(name, home(), dir, boltPort);
    }

    /** A started, empty server. */
    public static Neo4jServer start(String name) {
        return start(name, home());
    }

    public static Neo4jServer start(String name, Path home) {
        Neo4jServer server = create(name, home);
        server.start();
        return server;
    }

    /** The one server of a build whose first start is kept (see {@link FirstStart}). */
    private static void makeFirstStart(Path home, Path archive, Path data) throws IOException {
        try (Neo4jServer server = new Neo4jServer("first-start", home,
                Files.createTempDirectory("neo4j-first-start-"), freePort())) {
            server.writeConf(Optional.of("-XX:ArchiveClassesAtExit=" + archive));
            server.admin("dbms", "set-initial-password", PASSWORD).requireOk("set-initial-password");
            server.start(); // the start's login takes the password
            server.driver().close();
            server.driver = null;
            server.stop(); // the JVM writes the archive as it exits
            FirstStart.copyTree(server.dataDir(), data);
        }
    }

    private void writeConf(Optional<String> classArchive) throws IOException {
        Path conf = LocalNeo4jConf.writeFastStart(home, dir, boltPort); // the suite starts Neo4j dozens of times
        Path defaultData = dir.resolve("data").toAbsolutePath();
        if (!dataDir.equals(defaultData)) {
            // one declaration only: Neo4j refuses a setting declared twice
            Path file = conf.resolve("neo4j.conf");
            Files.writeString(file, Files.readString(file).replace("server.directories.data=" + defaultData + "\n",
                    "server.directories.data=" + dataDir + "\n"));
        }
        // the test build's own options of the server JVM (pom.xml: neo4j.test.server-jvm); the benchmark's
        // servers, made with this class too, keep Neo4j's defaults
        StringBuilder extra = new StringBuilder();
        for (String option : System.getProperty("neo4j.test.server-jvm", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                extra.append("server.jvm.additional=").append(option).append('\n');
            }
        }
        classArchive.ifPresent(option -> extra.append("server.jvm.additional=").append(option).append('\n'));
        Files.writeString(conf.resolve("neo4j.conf"), extra, java.nio.file.StandardOpenOption.APPEND);
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logsDir() {
        return dir.resolve("logs");
    }

    public Path neo4jHome() {
        return home;
    }

    public int boltPort() {
        return boltPort;
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + boltPort;
    }

    public String password() {
        return PASSWORD;
    }

    public Neo4jInstallation installation() {
        return new Neo4jInstallation(home, confDir(), null);
    }

    public Map<String, String> environment() {
        return installation().environment();
    }

    public synchronized void start() {
        Result result = command(home.resolve("bin/neo4j").toString(), "start");
        if (result.exit != 0 || !new BoltProbe(driver()).awaitAnswer("neo4j", START_TIMEOUT)) {
            throw new IllegalStateException("Neo4j '" + name + "' did not start (exit " + result.exit + "): "
                    + result.output + "\n--- neo4j.log ---\n" + tail(logsDir().resolve("neo4j.log"))
                    + "\n--- debug.log ---\n" + tail(logsDir().resolve("debug.log")));
        }
        running = true;
    }

    public synchronized void stop() {
        command(home.resolve("bin/neo4j").toString(), "stop").requireOk("neo4j stop");
        running = false;
    }

    /** The server process's pid, from its pid file (empty when it is not running). */
    public java.util.OptionalLong pid() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("run/neo4j.pid")).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? java.util.OptionalLong.of(pid)
                    : java.util.OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * Options for the JVM of another Neo4j a test starts from this home (a scratch Neo4j): the test build's own
     * ({@code neo4j.test.server-jvm}) and C1 only, as for the test servers.
     */
    public static List<String> testJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : System.getProperty("neo4j.test.server-jvm", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        options.add("-XX:TieredStopAtLevel=1");
        return options;
    }

    public boolean isRunning() {
        return running;
    }

    public boolean answers() {
        return new BoltProbe(driver()).answers("neo4j");
    }

    public synchronized Driver driver() {
        if (driver == null) {
            driver = GraphDatabase.driver(boltUri(), AuthTokens.basic("neo4j", PASSWORD),
                    Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS)
                            .withMaxConnectionLifetime(30, TimeUnit.MINUTES).build());
        }
        return driver;
    }

    /** Runs Cypher on the neo4j database and returns the records. */
    public List<Record> run(String cypher) {
        return run(cypher, Map.of());
    }

    public List<Record> run(String cypher, Map<String, Object> parameters) {
        try (var session = driver().session()) {
            return session.run(cypher, parameters).list();
        }
    }

    public long count(String cypher) {
        return run(cypher).get(0).get(0).asLong();
    }

    /** Loads a .dump file into a database of this (stopped) server with the real neo4j-admin. */
    public void load(Path dumpFile, String database) {
        try {
            Path from = Files.createTempDirectory(dir, "load-");
            Files.copy(dumpFile, from.resolve(database + ".dump"));
            admin("database", "load", database, "--from-path=" + from, "--overwrite-destination=true")
                    .requireOk("load of " + dumpFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result admin(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/neo4j-admin").toString());
        command.addAll(List.of(args));
        return command(command.toArray(String[]::new));
    }

    /**
     * Properties that point the service at this server: stop mode command with its bin/neo4j, storage
     * in the given folder, the sandbox off.
     */
    public Map<String, String> springProperties(Path storage) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("backup.sandbox.enabled", "false");
        p.put("spring.neo4j.uri", boltUri());
        p.put("spring.neo4j.authentication.username", "neo4j");
        p.put("spring.neo4j.authentication.password", PASSWORD);
        p.put("backup.neo4j.home", home.toString());
        p.put("backup.neo4j.conf-dir", confDir().toString());
        p.put("backup.neo4j.stop-mode", "command");
        p.put("backup.storage.path", storage.toString());
        p.put("server.port", "0");
        return p;
    }

    @Override
    public synchronized void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
        // always: a run under test may have stopped and started the server behind this object's back
        command(home.resolve("bin/neo4j").toString(), "stop");
        running = false;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    public record Result(int exit, String output) {
        public Result requireOk(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + " failed (exit " + exit + "): " + output);
            }
            return this;
        }
    }

    private Result command(String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment());
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
