package dev.neo4jbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;

/**
 * Memory under catalogue reads (issue 13, point 13): the built jar, started as {@code bin/neo4j-backup} starts
 * it, over a folder of 2,000 backups, then 200 sequential and 10 parallel × 20 {@code GET /api/backups}, plus
 * health and a scrape. Reports RSS (now and high-water) and heap in use (before and after a full GC). A
 * measurement, not a test: runs only with {@code -Dbench.catalog=true} after {@code ./mvnw package}, e.g.
 * <pre>
 * ./mvnw -q -B -o -DskipNeo4jHome=true -DskipTests package
 * ./mvnw -q -B -o -DskipNeo4jHome=true -Pbench test -Dtest=CatalogReadLoad -Dbench.catalog=true \
 *     [-Dbench.catalog.opts="-XX:MaxRAMPercentage=25"] [-Dbench.catalog.backups=2000]
 * </pre>
 */
class CatalogReadLoad {

    @TempDir
    Path work;

    @Test
    void rssAndHeapAfterTwoHundredAndTenParallelListings() throws Exception {
        assumeTrue(Boolean.getBoolean("bench.catalog"), "a measurement: -Dbench.catalog=true");
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("neo4j-backup-service-.*[0-9T]\\.jar"))
                    .findFirst().orElse(null);
        }
        assumeTrue(jar != null, "build the jar first: ./mvnw package -DskipTests");
        int backups = Integer.getInteger("bench.catalog.backups", 2000);
        Path storage = Files.createDirectories(work.resolve("backups"));
        write(storage, backups);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // the launcher's defaults for the service, or what -Dbench.catalog.opts says
        String opts = System.getProperty("bench.catalog.opts", launcherDefaults());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (!opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("BACKUP_STORAGE_PATH", storage.toString());
        env.put("BACKUP_SCHEDULER_ENABLED", "false");
        env.put("BACKUP_SANDBOX_ENABLED", "false");
        env.put("NEO4J_HOME", Path.of("target/neo4j-home").toAbsolutePath().toString());
        env.put("NEO4J_URI", "bolt://127.0.0.1:1");
        env.put("SERVER_PORT", Integer.toString(port));
        Process service = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            long started = System.nanoTime();
            while (status(http, port, "/actuator/health/liveness") != 200) {
                assertThat(service.isAlive()).as("the service ended, see " + work.resolve("service.log")).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(3));
                Thread.sleep(200);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                assertThat(status(http, port, "/api/backups")).isEqualTo(200);
            }
            long sequentialMs = (System.nanoTime() - t0) / 1_000_000;
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Integer>> answers = new ArrayList<>();
            long t1 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> status(http, port, "/api/backups")));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            long parallelMs = (System.nanoTime() - t1) / 1_000_000;
            pool.shutdown();
            status(http, port, "/actuator/health");
            status(http, port, "/actuator/prometheus");
            HttpResponse<String> all = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/backups?limit=1000")).build(), HttpResponse.BodyHandlers.ofString());
            long rss = proc(service.pid(), "VmRSS:");
            long hwm = proc(service.pid(), "VmHWM:");
            long heapUsed = heapUsed(service.pid(), false);
            long heapLive = heapUsed(service.pid(), true);
            String line = String.format("CATALOG_READ_LOAD: %d backups, opts [%s]: 200 sequential in %d ms (%.1f ms "
                    + "each), 10 parallel x 20 in %d ms; total %s; a 1000-entry page %d KB; RSS %d MB (peak %d MB), "
                    + "heap in use %d MB, live after full GC %d MB", backups, opts, sequentialMs, sequentialMs / 200.0,
                    parallelMs, all.headers().firstValue("X-Total-Count").orElse("?"), all.body().length() >> 10,
                    rss >> 20, hwm >> 20, heapUsed >> 20, heapLive >> 20);
            System.out.println(line);
            Files.writeString(Path.of("target", "catalog-read-load.txt"), line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    /** What bin/neo4j-backup gives the service's JVM when JAVA_OPTS is unset. */
    static String launcherDefaults() throws IOException {
        for (String line : Files.readAllLines(Path.of("bin/neo4j-backup"))) {
            Matcher m = Pattern.compile("opts=\\$\\{JAVA_OPTS:-([^}]*)}").matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "";
    }

    /** {@code n} backups of a day each, as the service writes them (manifest, archive, checksum file). */
    static void write(Path storage, int n) throws IOException {
        Instant first = Instant.parse("2020-01-01T02:00:00Z");
        for (int i = 0; i < n; i++) {
            BackupId id = BackupId.of("neo4j", first.plus(Duration.ofDays(i)));
            String archive = CatalogNames.archiveName(id, Compression.GZIP);
            byte[] content = ("archive " + id).getBytes();
            Files.write(storage.resolve(archive), content);
            String sha = ArchivePacker.sha256(storage.resolve(archive));
            Files.writeString(storage.resolve(archive + ".sha256"), new ChecksumLine(sha, archive).format());
            Map<String, Long> durations = new LinkedHashMap<>();
            for (String stage : List.of("preflight", "stop", "dump", "start", "package", "verify", "total")) {
                durations.put(stage, 1000L + i);
            }
            Manifest manifest = Manifest.builder().id(id.toString()).database("neo4j").created(id.created())
                    .trigger(Trigger.SCHEDULED).reason("nightly").status(Manifest.Status.COMPLETE)
                    .compression(Compression.GZIP).archive(archive).rawBytes(123_456_789L).storedBytes(content.length)
                    .ratio(0.99).sha256(sha).durationsMs(durations).downtimeMs(25_000).neo4jVersion("5.26.0")
                    .neo4jEdition("community").stopMode("command").toolVersion("1.0.0").host("backup-host").build();
            Files.write(storage.resolve(id + ".json"), JsonCodec.toBytes(manifest));
        }
    }

    private static int status(HttpClient http, int port, String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long proc(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** Heap in use from {@code jcmd GC.heap_info} ("used NNNK" of the whole heap), after a full GC if asked. */
    private static long heapUsed(long pid, boolean afterFullGc) throws IOException, InterruptedException {
        if (afterFullGc) {
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        }
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        long used = 0;
        Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
        // G1: one "garbage-first heap ... used" line; Serial/Parallel: one per generation (young, old)
        if (out.contains("garbage-first heap")) {
            return m.find() ? Long.parseLong(m.group(1)) << 10 : -1;
        }
        while (m.find()) {
            used += Long.parseLong(m.group(1)) << 10;
        }
        // Metaspace and class space lines also say "used"; only the heap generations count
        Matcher gen = Pattern.compile("(?m)^\\s*(def new generation|tenured generation|"
                + "PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K").matcher(out);
        long heap = 0;
        boolean found = false;
        while (gen.find()) {
            heap += Long.parseLong(gen.group(2)) << 10;
            found = true;
        }
        return found ? heap : used;
    }
}
