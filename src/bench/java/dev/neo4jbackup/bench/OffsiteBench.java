package dev.neo4jbackup.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.offsite.S3Store;
import dev.neo4jbackup.testing.S3Server;

/**
 * The off-site stages (issue 20): upload of an archive to s3proxy on loopback the way the queue does it (parts of
 * the configured size read from the file, each with its SHA-256 and MD5) and its download with the SHA-256 check
 * of a fetch; throughput and this JVM's heap peak (run with -Xmx256m: the archive is never held in memory). The
 * archive is random bytes of the M dump's size (a dump is already Zstandard-compressed, so incompressible).
 * Prints a Markdown table and writes it to {@code bench.work}/offsite.md.
 */
public final class OffsiteBench {

    private OffsiteBench() {
    }

    public static void main(String[] args) throws Exception {
        if (Benchmark.restoreOnly() || LargePropertiesRows.only()) {
            System.out.println("Off-site rows skipped: -Dbench.only=" + System.getProperty("bench.only").trim());
            return;
        }
        if (Boolean.getBoolean("bench.snapshot-only")) {
            return; // -Dbench.snapshot-only=true: the snapshot rows alone
        }
        int megabytes = Integer.getInteger("bench.offsite.mb", 97);
        int reps = Integer.getInteger("bench.reps", 3);
        Path work = Path.of(System.getProperty("bench.work", "/tmp/bench-work"));
        Files.createDirectories(work);
        Path archive = work.resolve("offsite-bench.dump");
        write(archive, megabytes * 1_000_000L);
        String sha = ArchivePacker.sha256(archive);
        long size = Files.size(archive);
        // parts in flight at once: each value is one upload row, the values interleaved in every repetition
        List<Integer> parallelism = java.util.Arrays.stream(System.getProperty("bench.offsite.parallelism", "1,4")
                .split(",")).map(String::trim).map(Integer::valueOf).toList();
        String partSize = System.getProperty("bench.offsite.part-size", "16MB");
        // http: the SDK signs each body's SHA-256, which s3proxy checks by buffering the body in its heap;
        // https: UNSIGNED-PAYLOAD (as against AWS), the body streamed through, Content-MD5 checked by the store
        List<String> transports = List.of(System.getProperty("bench.offsite.transports", "http,https").split(","));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, """
                | stage (%d MB archive, s3proxy on loopback, %d reps) | throughput (median, min–max) | heap peak (-Xmx%d MB) |
                |---|---|---|
                """, megabytes, reps, Runtime.getRuntime().maxMemory() / 1024 / 1024));
        for (String transport : transports) {
            table.append(run(transport.trim(), parallelism, partSize, reps, archive, size, sha));
        }
        Files.deleteIfExists(archive);
        System.out.println(table);
        Files.writeString(work.resolve("offsite.md"), table);
    }

    private static String run(String transport, List<Integer> parallelism, String partSize, int reps, Path archive,
            long size, String sha) throws Exception {
        java.util.Map<Integer, List<Double>> up = new java.util.LinkedHashMap<>();
        parallelism.forEach(p -> up.put(p, new ArrayList<>()));
        List<Double> down = new ArrayList<>();
        long heapPeak;
        try (S3Server s3 = S3Server.start(S3Server.freePort(), "https".equals(transport));
                MemoryPeak memory = new MemoryPeak()) {
            s3.trustStore().ifPresent(trust -> {
                System.setProperty("javax.net.ssl.trustStore", trust.toString());
                System.setProperty("javax.net.ssl.trustStorePassword", S3Server.STORE_PASSWORD);
            });
            String bucket = s3.bucket("bench");
            java.util.Map<Integer, S3Store> stores = new java.util.LinkedHashMap<>();
            for (int p : parallelism) {
                stores.put(p, new S3Store(destination(s3.endpoint(), bucket, partSize, p)));
            }
            try {
                for (int rep = 0; rep <= reps; rep++) { // rep 0 warms the JIT and the connection pools
                    for (int p : parallelism) {
                        S3Store store = stores.get(p);
                        String key = "bench/neo4j/" + rep + "-" + p + ".dump";
                        long started = System.nanoTime();
                        store.putFile(key, archive, size);
                        double upSeconds = (System.nanoTime() - started) / 1e9;
                        started = System.nanoTime();
                        MessageDigest digest = MessageDigest.getInstance("SHA-256");
                        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                            store.get(key, out);
                        }
                        double downSeconds = (System.nanoTime() - started) / 1e9;
                        if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
                            throw new IllegalStateException("the download does not match the upload");
                        }
                        store.delete(key);
                        if (rep > 0) {
                            up.get(p).add(size / 1e6 / upSeconds);
                            down.add(size / 1e6 / downSeconds);
                        }
                    }
                }
            } finally {
                stores.values().forEach(S3Store::close);
            }
            heapPeak = memory.peakHeapBytes();
        }
        StringBuilder table = new StringBuilder();
        for (int p : parallelism) {
            List<Double> rates = up.get(p);
            table.append(String.format(Locale.ROOT, "| upload over %s: %s parts, %d at once, SHA-256 + MD5 per "
                    + "part | %.0f MB/s (%.0f–%.0f) | %s |%n", transport, partSize, p, median(rates), min(rates), max(rates),
                    p == parallelism.get(0) ? String.format(Locale.ROOT, "%.1f MB (whole run)", heapPeak / 1e6)
                            : "(same JVM)"));
        }
        table.append(String.format(Locale.ROOT, "| download over %s: streamed, SHA-256 checked | %.0f MB/s "
                + "(%.0f–%.0f) | (same JVM) |%n", transport, median(down), min(down), max(down)));
        return table.toString();
    }

    private static OffsiteProperties.Destination destination(String endpoint, String bucket, String partSize,
            int parallelism) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("backup.destinations.bench.endpoint", endpoint);
        source.put("backup.destinations.bench.bucket", bucket);
        source.put("backup.destinations.bench.path-style", "true");
        source.put("backup.destinations.bench.part-size", partSize);
        source.put("backup.destinations.bench.upload-parallelism", Integer.toString(parallelism));
        source.put("backup.destinations.bench.access-key-id", S3Server.IDENTITY);
        source.put("backup.destinations.bench.secret-access-key", S3Server.CREDENTIAL);
        return new Binder(source).bindOrCreate("backup", OffsiteProperties.class).destinations().get("bench");
    }

    private static void write(Path file, long bytes) {
        byte[] block = new byte[1 << 20];
        Random random = new Random(20);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
