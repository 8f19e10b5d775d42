package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * What users run today (stop, dump, start, gzip, sha256sum) and the floors: each step is the plain command, run from here so that
 * the same clock and the same 25 ms Bolt watch measure them as measure the service.
 */
final class ShellVariants {

    private final Neo4jServer server;
    private final SyntheticGraph graph;
    private final Commands commands;
    private final BoltWatch watch;

    ShellVariants(Neo4jServer server, SyntheticGraph graph) {
        this.server = server;
        this.graph = graph;
        this.commands = new Commands(server.neo4jHome(), server.environment());
        this.watch = new BoltWatch(server.driver());
    }

    /**
     * The shell pipeline users run today: stop; dump --to-path; start; gzip -6; sha256sum. `neo4j start` returns before the
     * databases are online, so the script's gzip already overlaps part of the start; the run counts as
     * done when both the checksum is written and Neo4j answers (the service waits for both too).
     */
    Sample shellPipeline(int rep, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Long> extra = new LinkedHashMap<>();
        Stopwatch clock = new Stopwatch();
        extra.put("stopMs", commands.neo4j("neo4j", "stop"));
        extra.put("dumpMs", commands.neo4j("neo4j-admin", "database", "dump", "neo4j", "--to-path=" + dir));
        long rawBytes = Files.size(dir.resolve("neo4j.dump"));
        extra.put("startMs", commands.neo4j("neo4j", "start"));
        CompletableFuture<Long> up = watch.firstAnswer();
        extra.put("gzipMs", commands.sh("gzip -6 '" + dir.resolve("neo4j.dump") + "'"));
        extra.put("sha256Ms", commands.sh("cd '" + dir + "' && sha256sum neo4j.dump.gz > neo4j.dump.gz.sha256"));
        long scriptMs = clock.ms();
        long downtimeMs = clock.msAt(up.join());
        extra.put("scriptMs", scriptMs);
        long stored = Files.size(dir.resolve("neo4j.dump.gz"));
        return new Sample(graph.size, Variant.SHELL, rep, Math.max(scriptMs, downtimeMs), downtimeMs, stored,
                rawBytes, -1, -1, extra);
    }

    /** stop; dump; start; first answer: the downtime floor. The dump stays in {@code dir} for the rows below. */
    Sample bareDump(int rep, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Long> extra = new LinkedHashMap<>();
        Stopwatch clock = new Stopwatch();
        extra.put("stopMs", commands.neo4j("neo4j", "stop"));
        extra.put("dumpMs", commands.neo4j("neo4j-admin", "database", "dump", "neo4j", "--to-path=" + dir));
        extra.put("startMs", commands.neo4j("neo4j", "start"));
        long downtimeMs = clock.msAt(watch.awaitAnswer());
        long raw = Files.size(dir.resolve("neo4j.dump"));
        return new Sample(graph.size, Variant.BARE_DUMP, rep, downtimeMs, downtimeMs, raw, raw, -1, -1, extra);
    }

    /** `gzip -6` alone on a copy of the dump (the copy is not timed). */
    Sample gzipAlone(int rep, Path dump, Path dir) throws IOException {
        Path copy = copyInto(dump, dir);
        long ms = commands.sh("gzip -6 '" + copy + "'");
        long stored = Files.size(dir.resolve(copy.getFileName() + ".gz"));
        return new Sample(graph.size, Variant.GZIP_ALONE, rep, ms, -1, stored, Files.size(dump), -1, -1, Map.of());
    }

    /** `sha256sum` alone on the dump. */
    Sample sha256Alone(int rep, Path dump) throws IOException {
        long ms = commands.sh("sha256sum '" + dump + "' > /dev/null");
        return new Sample(graph.size, Variant.SHA256_ALONE, rep, ms, -1, -1, Files.size(dump), -1, -1, Map.of());
    }

    /** stop; `neo4j-admin database load --overwrite-destination`; start; first answer. */
    Sample bareLoad(int rep, Path dumpDir, boolean checks) {
        Map<String, Long> extra = new LinkedHashMap<>();
        Stopwatch clock = new Stopwatch();
        extra.put("stopMs", commands.neo4j("neo4j", "stop"));
        extra.put("loadMs", commands.neo4j("neo4j-admin", "database", "load", "neo4j", "--from-path=" + dumpDir,
                "--overwrite-destination=true"));
        extra.put("startMs", commands.neo4j("neo4j", "start"));
        long downtimeMs = clock.msAt(watch.awaitAnswer());
        if (checks) {
            long before = clock.ms();
            check(new GraphStatsReader(server.driver()).read("neo4j"), graph);
            extra.put("checksMs", clock.ms() - before);
        }
        return new Sample(graph.size, checks ? Variant.LOAD_CHECKS : Variant.LOAD_BARE, rep, clock.ms(), downtimeMs,
                -1, -1, -1, -1, extra);
    }

    /** The health checks a restore runs: the counts read over Bolt equal what the graph was made with. */
    static void check(GraphStats stats, SyntheticGraph graph) {
        Map<String, Long> expected = graph.expectedCounts();
        Map<String, Long> actual = new LinkedHashMap<>();
        actual.put("nodes", stats.nodes());
        actual.put("relationships", stats.relationships());
        actual.put("Company", stats.labels().getOrDefault("Company", -1L));
        actual.put("Person", stats.labels().getOrDefault("Person", -1L));
        if (!expected.equals(actual)) {
            throw new IllegalStateException("Health check failed after load: expected " + expected + ", got "
                    + actual);
        }
    }

    static Path copyInto(Path dump, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path copy = dir.resolve(dump.getFileName());
        Files.copy(dump, copy);
        return copy;
    }
}
