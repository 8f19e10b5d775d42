package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The whole service as users run it: {@code java -jar} the built jar (Spring Boot, web server, Actuator,
 * scheduler, alerts) with {@code BACKUP_RUNONSTART=true}, stopped with SIGTERM once its manifest is
 * published. Heap from the JVM's own GC log (in use before each collection and at exit), resident set
 * from /proc/PID/status VmHWM polled while it runs. The JVM runs with its defaults, as the service does.
 */
final class SpringServiceRun {

    private static final Pattern BEFORE_GC = Pattern.compile("Pause.*?(\\d+)M->(\\d+)M\\(");
    private static final Pattern USED_AT_EXIT = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(\\d+)");
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private final Path jar;

    SpringServiceRun(Path jar) {
        this.jar = jar;
    }

    Sample run(Neo4jServer server, SyntheticGraph graph, int rep, String compression, Path storage, Path logDir)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path gcLog = logDir.resolve("spring-gc.log");
        Path out = logDir.resolve("spring.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:gc,gc+heap+exit:file=" + gcLog, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = builder.environment();
        env.put("NEO4J_URI", server.boltUri());
        env.put("NEO4J_USER", "neo4j");
        env.put("NEO4J_PASSWORD", server.password());
        env.put("NEO4J_HOME", server.neo4jHome().toString());
        env.put("NEO4J_CONF", server.confDir().toString());
        env.put("BACKUP_STORAGE_PATH", storage.toString());
        env.put("BACKUP_COMPRESSION", compression);
        env.put("BACKUP_RUNONSTART", "true");
        env.put("BACKUP_CATCHUP", "false");
        env.put("BACKUP_DISK_MINFREERATIO", "0");
        env.put("BACKUP_SANDBOX_ENABLED", "false");
        env.put("SERVER_PORT", "0");
        Process process = builder.start();
        long rss = -1;
        Path manifest = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (process.isAlive() && manifest == null && System.nanoTime() < deadline) {
            rss = Math.max(rss, vmHwm(process.pid()));
            manifest = manifest(storage);
            Thread.sleep(50);
        }
        // the service stops on SIGTERM as under `docker compose down`
        process.destroy();
        while (process.isAlive()) {
            rss = Math.max(rss, vmHwm(process.pid()));
            Thread.sleep(50);
        }
        if (manifest == null) {
            throw new IllegalStateException("the service published no backup, see " + out);
        }
        String json = Files.readString(manifest);
        Map<String, Long> extra = new LinkedHashMap<>();
        for (String stage : List.of("preflight", "stop", "dump", "start", "package", "verify")) {
            extra.put(stage + "Ms", number(json, stage));
        }
        return new Sample(graph.size, Variant.SERVICE_SPRING, rep, number(json, "total"), number(json, "downtimeMs"),
                number(json, "storedBytes"), number(json, "rawBytes"), heapPeak(gcLog), rss, extra);
    }

    private static Path manifest(Path storage) throws IOException {
        if (!Files.isDirectory(storage)) {
            return null;
        }
        try (Stream<Path> files = Files.list(storage)) {
            return files.filter(p -> p.getFileName().toString().matches("neo4j-\\d{8}-\\d{6}\\.json")).findFirst()
                    .orElse(null);
        }
    }

    /** The largest heap in use the GC log shows: before any collection, or at exit. */
    static long heapPeak(Path gcLog) throws IOException {
        long peak = -1;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher before = BEFORE_GC.matcher(line);
            if (before.find()) {
                peak = Math.max(peak, Long.parseLong(before.group(1)) << 20);
            }
            Matcher exit = USED_AT_EXIT.matcher(line);
            if (exit.find()) {
                peak = Math.max(peak, Long.parseLong(exit.group(1)) << 10);
            }
        }
        return peak;
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), key)).matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process has just ended
        }
        return -1;
    }
}
