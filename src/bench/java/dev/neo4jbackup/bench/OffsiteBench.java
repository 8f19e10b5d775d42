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
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        long heapPeak;
        try (S3Server s3 = S3Server.start(S3Server.freePort()); MemoryPeak memory = new MemoryPeak()) {
            String bucket = s3.bucket("bench");
            try (S3Store store = new S3Store(destination(s3.endpoint(), bucket))) {
                for (int rep = 0; rep <= reps; rep++) { // rep 0 warms the JIT and the connection pool
                    long started = System.nanoTime();
                    store.putFile("bench/neo4j/" + rep + ".dump", archive, size);
                    double upSeconds = (System.nanoTime() - started) / 1e9;
                    started = System.nanoTime();
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                        store.get("bench/neo4j/" + rep + ".dump", out);
                    }
                    double downSeconds = (System.nanoTime() - started) / 1e9;
                    if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
                        throw new IllegalStateException("the download does not match the upload");
                    }
                    store.delete("bench/neo4j/" + rep + ".dump");
                    if (rep > 0) {
                        up.add(size / 1e6 / upSeconds);
                        down.add(size / 1e6 / downSeconds);
                    }
                }
            }
            heapPeak = memory.peakHeapBytes();
        }
        Files.deleteIfExists(archive);
        String table = String.format(Locale.ROOT, """
                | stage (%d MB archive, s3proxy on loopback, %d reps) | throughput (median, min–max) | heap peak (-Xmx%d MB) |
                |---|---|---|
                | upload: %s parts, SHA-256 + MD5 per part | %.0f MB/s (%.0f–%.0f) | %.1f MB |
                | download: streamed, SHA-256 checked | %.0f MB/s (%.0f–%.0f) | (same JVM) |
                """, megabytes, reps, Runtime.getRuntime().maxMemory() / 1024 / 1024,
                System.getProperty("bench.offsite.part-size", "16MB"), median(up), min(up), max(up),
                heapPeak / 1e6, median(down), min(down), max(down));
        System.out.println(table);
        Files.writeString(work.resolve("offsite.md"), table);
    }

    private static OffsiteProperties.Destination destination(String endpoint, String bucket) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("backup.destinations.bench.endpoint", endpoint);
        source.put("backup.destinations.bench.bucket", bucket);
        source.put("backup.destinations.bench.path-style", "true");
        source.put("backup.destinations.bench.part-size", System.getProperty("bench.offsite.part-size", "16MB"));
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
