package dev.neo4jbackup.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.archive.Sealer;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.crypt.AgeProgram;
import dev.neo4jbackup.crypt.AgeSealer;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The focused run of issue 16's row: encryption's share of the package stage, on the dump of one synthetic
 * store ({@code -Dbench.sizes=M}), without the backup and restore variants of the whole benchmark. The four
 * packings run interleaved (the order rotates each repetition) in this JVM after the JIT warm-up; prints a
 * Markdown section for docs/BENCHMARKS.md. The whole benchmark has the same rows ({@link Variant#PACKING}).
 * <pre>
 * java -cp ... dev.neo4jbackup.bench.EncryptionShare   (-Dbench.sizes=M -Dbench.reps=5 -Dbench.work=/tmp/x)
 * </pre>
 */
public final class EncryptionShare {

    private EncryptionShare() {
    }

    /**
     * CPU time of this JVM and of its finished children (age, reaped by waitFor), in ms: on a shared machine
     * the one measure that other work does not inflate.
     */
    static long cpuMs() throws java.io.IOException {
        long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the name: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks, 100 per second)
        long children = (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
        return jvm + children;
    }

    public static void main(String[] args) throws Exception {
        String size = System.getProperty("bench.sizes", "M").toUpperCase(Locale.ROOT);
        int reps = Integer.getInteger("bench.reps", 5);
        Path work = Path.of(System.getProperty("bench.work", "/tmp/bench-encryption")).toAbsolutePath();
        Files.createDirectories(work);
        System.setProperty("java.io.tmpdir", work.toString());
        SyntheticGraph graph = SyntheticGraph.of(size);
        String load = Machine.loadAverage();
        Path dumpDir = Files.createDirectories(work.resolve("dump"));
        try (Neo4jServer server = Neo4jServer.create("bench-enc-" + size)) {
            Benchmark.log("%s: generating %,d nodes / %,d relationships", size, graph.nodes, graph.relationships);
            graph.importInto(server, work.resolve("csv"));
            Neo4jServer.Result dumped = server.admin("database", "dump", "neo4j", "--to-path=" + dumpDir);
            if (dumped.exit() != 0) {
                throw new IllegalStateException("dump failed: " + dumped.output());
            }
        }
        BackupCatalog.deleteQuietly(work.resolve("csv"));
        Path dump = dumpDir.resolve("neo4j.dump");
        AgeSealer age = new AgeSealer(new AgeProgram("age", ChildEnvironment.byName()),
                List.of(new AgeRecipient(Benchmark.ageRecipient(work))), null);
        JitWarmup.run();
        List<String> variants = List.of(Variant.PACK_GZIP, Variant.PACK_GZIP_AGE, Variant.PACK_NONE,
                Variant.PACK_NONE_AGE);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, Long> stored = new LinkedHashMap<>();
        Map<String, List<Long>> cpu = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (String variant : Benchmark.rotate(variants, rep)) {
                Path scratch = Files.createDirectories(work.resolve("scratch"));
                boolean gzip = variant.contains("gzip");
                Sealer sealer = variant.contains("age") ? age : Sealer.NONE;
                Path source = dump;
                if (!gzip && sealer == Sealer.NONE) {
                    source = ShellVariants.copyInto(dump, scratch.resolve("copy")); // none alone moves it
                }
                long cpu0 = cpuMs();
                PackResult packed = new ArchivePacker().pack(source, scratch.resolve("packed"),
                        gzip ? Compression.GZIP : Compression.NONE, sealer);
                cpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(cpuMs() - cpu0);
                times.computeIfAbsent(variant, v -> new ArrayList<>()).add(packed.took().toMillis());
                stored.put(variant, packed.storedBytes());
                Benchmark.log("%s rep %d: %s %d ms", size, rep, variant, packed.took().toMillis());
                BackupCatalog.deleteQuietly(scratch);
            }
        }
        long raw = Files.size(dump);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Size %s (%,d nodes / %,d relationships), dump %s, %d repetitions, "
                + "load average before: %s.%n%n", size, graph.nodes, graph.relationships, Report.mb(raw), reps, load));
        md.append("| packing | time | throughput | CPU (JVM + age) | stored |\n|---|---|---|---|---|\n");
        for (String variant : variants) {
            Stats t = Stats.of(times.get(variant));
            md.append("| ").append(variant).append(" | ").append(t.seconds()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f MB/s", raw / 1e6 / (t.median() / 1000.0)))
                    .append(" | ").append(Stats.of(cpu.get(variant)).seconds())
                    .append(" | ").append(Report.mb(stored.get(variant))).append(" |\n");
        }
        md.append('\n');
        for (String[] pair : List.of(new String[] {Variant.PACK_GZIP, Variant.PACK_GZIP_AGE},
                new String[] {Variant.PACK_NONE, Variant.PACK_NONE_AGE})) {
            long plain = Stats.of(times.get(pair[0])).median();
            long sealed = Stats.of(times.get(pair[1])).median();
            long plainCpu = Stats.of(cpu.get(pair[0])).median();
            long sealedCpu = Stats.of(cpu.get(pair[1])).median();
            md.append(String.format(Locale.ROOT, "- %s: encryption adds %+.1f %% wall time (%d ms on %d ms), "
                    + "%+.1f %% CPU time (%d ms on %d ms)%n", pair[1], (sealed - plain) * 100.0 / plain,
                    sealed - plain, plain, (sealedCpu - plainCpu) * 100.0 / plainCpu, sealedCpu - plainCpu,
                    plainCpu));
        }
        System.out.println("BENCH-ENCRYPTION-REPORT-BEGIN");
        System.out.print(md);
        System.out.println("BENCH-ENCRYPTION-REPORT-END");
        BackupCatalog.deleteQuietly(work);
        System.exit(0);
    }
}
