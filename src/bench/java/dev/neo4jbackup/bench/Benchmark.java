package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The benchmark of issue 10: for each size, a synthetic store made with neo4j-admin import, then per
 * repetition every variant once on that same store, interleaved (the order rotates each repetition), so
 * that noise from a shared machine falls on all of them alike. Writes the report and exits non-zero
 * when a variant failed or produced something wrong (that is what the CI smoke run checks; no time is
 * asserted anywhere).
 */
public final class Benchmark {

    /** Free disk an L run needs (CSV, store, and about six copies of a ~0.5 GB dump at once). */
    private static final long L_DISK_BYTES = 12L << 30;

    /** -Dbench.snapshot-only=true: only {@link Variant#SNAPSHOT}, and a report of its own (minutes, not an hour). */
    static final boolean SNAPSHOT_ONLY = Boolean.getBoolean("bench.snapshot-only");

    private final BenchOptions options;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final WorkerLauncher workers;

    private Benchmark(BenchOptions options) {
        this.options = options;
        this.workers = new WorkerLauncher(options.workerJvm());
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        // Neo4jServer makes its folders in the temp directory: under the work folder, and absolute (a
        // relative NEO4J_CONF would be read from the Neo4j home). Set before the first temp file is made.
        Files.createDirectories(options.work());
        System.setProperty("java.io.tmpdir", options.work().toString());
        Benchmark benchmark = new Benchmark(options);
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        try {
            if (LargePropertiesRows.only()) {
                benchmark.runLargeProperties(); // the sizes do not apply: the graph is issue 29's
            } else {
                for (String size : options.sizes()) {
                    benchmark.runSize(SyntheticGraph.of(size.toUpperCase(Locale.ROOT)));
                }
            }
        } finally {
            if (!Boolean.getBoolean("bench.keep")) {
                BackupCatalog.deleteQuietly(options.work());
            }
        }
        if (SNAPSHOT_ONLY) {
            SnapshotReport.write(options, benchmark.samples, started, loadBefore);
        } else {
            new Report(options, benchmark.samples, benchmark.notes, started, loadBefore).write();
        }
        System.out.println("Report written to " + options.output());
        System.exit(0);
    }

    private void runSize(SyntheticGraph graph) throws IOException {
        Files.createDirectories(options.work());
        if (graph.size.equals("L") && Files.getFileStore(options.work()).getUsableSpace() < L_DISK_BYTES) {
            notes.add("L skipped: less than " + (L_DISK_BYTES >> 30) + " GB free under " + options.work());
            log("L skipped: not enough free disk");
            return;
        }
        Path sizeDir = options.work().resolve(graph.size);
        log("%s: generating %,d nodes / %,d relationships", graph.size, graph.nodes, graph.relationships);
        Stopwatch importClock = new Stopwatch();
        // -Dbench.logical-only=true: the logical rows alone, e.g. to try them without the dump rows' minutes
        if (Boolean.getBoolean("bench.logical-only")) {
            try {
                runLogical(graph, sizeDir);
            } finally {
                BackupCatalog.deleteQuietly(sizeDir);
            }
            return;
        }
        try (Neo4jServer server = Neo4jServer.create("bench-" + graph.size)) {
            graph.importInto(server, sizeDir.resolve("csv"));
            server.start();
            notes.add(String.format(Locale.ROOT, "%s: CSV generation and `neo4j-admin database import full` took "
                    + "%.0f s; store on disk %s", graph.size, importClock.ms() / 1000.0,
                    Report.mb(server.installation().storeSize("neo4j").orElse(-1L))));
            ShellVariants shell = new ShellVariants(server, graph);
            String recipient = ageRecipientOrNull(sizeDir);
            for (int rep = 1; rep <= options.reps(); rep++) {
                Path repDir = sizeDir.resolve("rep-" + rep);
                runRep(server, graph, shell, rep, repDir, recipient);
                BackupCatalog.deleteQuietly(repDir);
            }
            if (restoreOnly()) {
                notes.add(graph.size + ": -Dbench.only=restore: only the restore and packaging rows (and the bare "
                        + "dump and service gzip rows they read)");
            } else if (SNAPSHOT_ONLY) {
                notes.add(graph.size + ": snapshot rows only");
            } else if (graph.size.equals("XS")) {
                // CI's smoke run: a second server and APOC's import (80 s at XS on two busy cores) cost it minutes
                notes.add("XS: logical rows skipped in the full run (CI's smoke); -Dbench.logical-only=true runs them");
                notes.add("XS: one row per code path (CI's smoke): no \"service, none\", \"none, snapshot\" or bare "
                        + "load rows");
            } else {
                runLogical(graph, sizeDir);
                if (graph.size.equals("M")) {
                    runLargeProperties(); // issue 29 asks for its peak heap and throughput "at M": once per run
                }
            }
        } finally {
            BackupCatalog.deleteQuietly(sizeDir);
        }
    }

    /** Issue 29's graph of large properties: export and both restores in -Xmx256m workers. */
    private void runLargeProperties() throws IOException {
        new LargePropertiesRows(options.reps(), this::add).run(options.work().resolve(LargePropertiesRows.SIZE));
        notes.addAll(LargePropertiesRows.notes());
    }

    /**
     * The logical rows, on a server of their own with APOC core in its plugins and the same graph, so that the
     * plugin changes none of the dump rows' stops and starts. Skipped, with a note, without the APOC jars.
     */
    private void runLogical(SyntheticGraph graph, Path sizeDir) throws IOException {
        if (!dev.neo4jbackup.testing.ApocNeo4j.available()) {
            notes.add(graph.size + ": APOC rows skipped: " + dev.neo4jbackup.testing.ApocNeo4j.unavailableReason());
            return;
        }
        try (Neo4jServer apoc = dev.neo4jbackup.testing.ApocNeo4j.create("bench-apoc-" + graph.size)) {
            graph.importInto(apoc, sizeDir.resolve("csv-apoc"));
            apoc.start();
            ApocVariants variants = new ApocVariants(apoc, graph);
            int batch = Integer.getInteger("bench.logical.batch-size", 5000);
            boolean apocImport = !List.of(System.getProperty("bench.skip-apoc-import", "").split(","))
                    .contains(graph.size);
            // -Dbench.logical.rows=apoc-export,export,apoc-import,import,dump (default all): e.g. the exports alone at M
            List<String> rows = List.of(System.getProperty("bench.logical.rows", "").isBlank()
                    ? new String[] {"apoc-export", "export", "apoc-import", "import", "dump"}
                    : System.getProperty("bench.logical.rows").split(","));
            apocImport &= rows.contains("apoc-import");
            for (int rep = 1; rep <= options.reps(); rep++) {
                Path repDir = sizeDir.resolve("logical-rep-" + rep);
                // the imports need the exports of their own repetition: always in this order
                if (rows.contains("apoc-export") || apocImport) { // APOC's import reads APOC's export
                    log("%s rep %d: %s", graph.size, rep, Variant.APOC_EXPORT);
                    add(variants.exportJsonAll(rep));
                }
                log("%s rep %d: %s", graph.size, rep, Variant.LOGICAL_EXPORT);
                Path storage = repDir.resolve("logical");
                add(workers.run(graph.size, Variant.LOGICAL_EXPORT, rep, repDir.resolve("logs/logical-export.log"),
                        "logical-export", "gzip", storage.toString(), apoc.boltUri(), apoc.neo4jHome().toString(),
                        apoc.confDir().toString()));
                Path archive = only(storage, ".jsonl.gz");
                if (apocImport) {
                    log("%s rep %d: %s", graph.size, rep, Variant.APOC_IMPORT);
                    add(variants.importJson(rep));
                }
                if (rows.contains("import")) {
                    log("%s rep %d: %s", graph.size, rep, Variant.LOGICAL_IMPORT);
                    add(workers.run(graph.size, Variant.LOGICAL_IMPORT, rep, repDir.resolve(
                            "logs/logical-import.log"), "logical-import", "gzip", archive.toString(),
                            repDir.resolve("import-work").toString(), apoc.boltUri(), graph.size,
                            Integer.toString(batch)));
                }
                if (!rows.contains("dump")) {
                    BackupCatalog.deleteQuietly(repDir);
                    continue;
                }
                log("%s rep %d: %s", graph.size, rep, Variant.LOGICAL_DUMP);
                Path dumpStorage = repDir.resolve("dump");
                Sample dump = workers.run(graph.size, Variant.LOGICAL_DUMP, rep, repDir.resolve("logs/dump.log"),
                        "backup", "gzip", dumpStorage.toString(), apoc.boltUri(), apoc.neo4jHome().toString(),
                        apoc.confDir().toString());
                checkSidecar(apoc, dumpStorage, "gzip");
                add(dump);
                BackupCatalog.deleteQuietly(repDir);
            }
            if (!apocImport) {
                notes.add(graph.size + ": `apoc.import.json` left out (-Dbench.skip-apoc-import or bench.logical.rows)");
            }
            if (!System.getProperty("bench.logical.rows", "").isBlank()) {
                notes.add(graph.size + ": logical rows run: " + String.join(", ", rows));
            }
        }
    }

    private void runRep(Neo4jServer server, SyntheticGraph graph, ShellVariants shell, int rep, Path dir,
            String recipient) throws IOException {
        Path bareDir = dir.resolve("bare");
        Path gzipStorage = dir.resolve("service-gzip");
        boolean smoke = graph.size.equals("XS");
        for (String variant : rotate(restoreOnly() ? Variant.BACKUP_FOR_RESTORE
                : SNAPSHOT_ONLY ? Variant.SNAPSHOT : smoke ? Variant.SMOKE_BACKUP : Variant.BACKUP, rep)) {
            log("%s rep %d: %s", graph.size, rep, variant);
            Sample sample = switch (variant) {
                case Variant.SHELL -> shell.shellPipeline(rep, dir.resolve("shell"));
                case Variant.BARE_DUMP -> shell.bareDump(rep, bareDir);
                case Variant.SERVICE_GZIP -> serviceBackup(server, graph, rep, variant, "gzip", "off", gzipStorage);
                case Variant.SERVICE_GZIP_OVERLAP -> serviceBackup(server, graph, rep, variant, "gzip", "off",
                        dir.resolve("service-gzip-overlap"), "neo4j.start-first=false");
                case Variant.SERVICE_NONE -> serviceBackup(server, graph, rep, variant, "none", "off",
                        dir.resolve("service-none"));
                case Variant.SERVICE_GZIP_SNAPSHOT -> serviceBackup(server, graph, rep, variant, "gzip", "copy",
                        dir.resolve("service-gzip-snapshot"));
                case Variant.SERVICE_NONE_SNAPSHOT -> serviceBackup(server, graph, rep, variant, "none", "copy",
                        dir.resolve("service-none-snapshot"));
                case Variant.SERVICE_GZIP_SNAPSHOT_NICE0 -> serviceBackup(server, graph, rep, variant, "gzip", "copy",
                        dir.resolve("service-gzip-snapshot-nice0"), "neo4j.nice=0");
                case Variant.SERVICE_SPRING -> springBackup(server, graph, rep, dir.resolve("service-spring"));
                default -> throw new IllegalStateException(variant);
            };
            add(sample);
        }
        BackupCatalog.deleteQuietly(dir.resolve("service-none"));
        BackupCatalog.deleteQuietly(dir.resolve("service-gzip-overlap"));
        BackupCatalog.deleteQuietly(dir.resolve("service-spring"));
        BackupCatalog.deleteQuietly(dir.resolve("shell"));
        BackupCatalog.deleteQuietly(dir.resolve("service-gzip-snapshot"));
        BackupCatalog.deleteQuietly(dir.resolve("service-none-snapshot"));
        BackupCatalog.deleteQuietly(dir.resolve("service-gzip-snapshot-nice0"));
        if (SNAPSHOT_ONLY) {
            return;
        }

        Path dump = bareDir.resolve("neo4j.dump");
        for (String variant : rotate(Variant.PACKING, rep)) {
            if (recipient == null && variant.contains("age")) {
                continue; // no age here: said once in the notes
            }
            Path scratch = Files.createDirectories(dir.resolve("packing"));
            log("%s rep %d: %s", graph.size, rep, variant);
            Sample sample = switch (variant) {
                case Variant.GZIP_ALONE -> shell.gzipAlone(rep, dump, scratch);
                case Variant.SHA256_ALONE -> shell.sha256Alone(rep, dump);
                case Variant.PACK_GZIP -> workers.run(graph.size, variant, rep, dir.resolve("logs/pack-gzip.log"),
                        "pack", "gzip", dump.toString(), scratch.resolve("packed.dump.gz").toString());
                case Variant.PACK_GZIP_1, Variant.PACK_GZIP_6, Variant.PACK_GZIP_9 -> workers.run(graph.size, variant,
                        rep, dir.resolve("logs/pack-gzip-level.log"), "pack", "gzip", dump.toString(),
                        scratch.resolve("packed.dump.gz").toString(), "-",
                        variant.equals(Variant.PACK_GZIP_1) ? "1" : variant.equals(Variant.PACK_GZIP_6) ? "6" : "9");
                case Variant.PACK_NONE -> workers.run(graph.size, variant, rep, dir.resolve("logs/pack-none.log"),
                        "pack", "none", ShellVariants.copyInto(dump, scratch.resolve("none")).toString(),
                        scratch.resolve("packed.dump").toString());
                case Variant.PACK_GZIP_AGE -> workers.run(graph.size, variant, rep,
                        dir.resolve("logs/pack-gzip-age.log"), "pack", "gzip", dump.toString(),
                        scratch.resolve("packed.dump.gz.age").toString(), recipient);
                case Variant.PACK_NONE_AGE -> workers.run(graph.size, variant, rep,
                        dir.resolve("logs/pack-none-age.log"), "pack", "none", dump.toString(),
                        scratch.resolve("packed.dump.age").toString(), recipient);
                default -> throw new IllegalStateException(variant);
            };
            add(sample);
            BackupCatalog.deleteQuietly(scratch);
        }

        Path archive = only(gzipStorage, ".dump.gz");
        String sha256 = Files.readString(Path.of(archive + ".sha256")).split("\\s+")[0];
        for (String variant : rotate(smoke ? Variant.SMOKE_RESTORE : Variant.RESTORE, rep)) {
            log("%s rep %d: %s", graph.size, rep, variant);
            Sample sample = switch (variant) {
                case Variant.LOAD_BARE -> shell.bareLoad(rep, bareDir, false);
                case Variant.LOAD_CHECKS -> shell.bareLoad(rep, bareDir, true);
                case Variant.RESTORE_SERVICE -> restoreService(server, graph, rep, archive, sha256, dir);
                default -> throw new IllegalStateException(variant);
            };
            add(sample);
        }
    }

    /** {@link #ageRecipient}, or null (with a note) where age is not installed: the age rows are left out. */
    private String ageRecipientOrNull(Path dir) {
        try {
            return ageRecipient(dir);
        } catch (IOException e) {
            notes.add("age rows skipped: " + e.getMessage());
            log("age rows skipped: %s", e.getMessage());
            return null;
        }
    }

    /** A key pair made with the real age-keygen for the encryption rows; the public key. */
    static String ageRecipient(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path identity = dir.resolve("bench-age-key.txt");
        Files.deleteIfExists(identity);
        try {
            Process keygen = new ProcessBuilder("age-keygen", "-o", identity.toString()).redirectErrorStream(true)
                    .start();
            keygen.getInputStream().readAllBytes();
            Process show = new ProcessBuilder("age-keygen", "-y", identity.toString()).start();
            String recipient = new String(show.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (keygen.waitFor() != 0 || show.waitFor() != 0 || recipient.isEmpty()) {
                throw new IOException("age-keygen failed (install the package age)");
            }
            return recipient;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** @param settings backup.* settings besides the variant's own, as {@code key=value} without "backup." */
    private Sample serviceBackup(Neo4jServer server, SyntheticGraph graph, int rep, String variant,
            String compression, String snapshot, Path storage, String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of("backup", compression, storage.toString(), server.boltUri(),
                server.neo4jHome().toString(), server.confDir().toString(), snapshot));
        args.addAll(List.of(settings));
        Sample sample = workers.run(graph.size, variant, rep, storage.resolveSibling("logs/"
                + storage.getFileName() + ".log"), args.toArray(String[]::new));
        checkSidecar(server, storage, compression);
        return sample;
    }

    private Sample springBackup(Neo4jServer server, SyntheticGraph graph, int rep, Path storage)
            throws IOException {
        try {
            Sample sample = new SpringServiceRun(options.jar()).run(server, graph, rep, "gzip", storage,
                    storage.resolveSibling("logs"));
            checkSidecar(server, storage, "gzip");
            return sample;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void checkSidecar(Neo4jServer server, Path storage, String compression) throws IOException {
        Path archive = only(storage, compression.equals("gzip") ? ".dump.gz" : ".dump");
        // the stored archive must be what sha256sum says its sidecar says (`sha256sum -c` must pass on every archive)
        new Commands(server.neo4jHome(), server.environment()).sh("cd '" + storage + "' && sha256sum -c --quiet '"
                + archive.getFileName() + ".sha256'");
    }

    /** The service's restore command (Restorer, with its safety backup) on the service-gzip row's archive. */
    private Sample restoreService(Neo4jServer server, SyntheticGraph graph, int rep, Path archive, String sha256,
            Path dir) throws IOException {
        Sample sample = workers.run(graph.size, Variant.RESTORE_SERVICE, rep, dir.resolve("logs/restore.log"),
                "restore", "gzip", archive.toString(), sha256, dir.resolve("restore-work").toString(),
                server.boltUri(), server.neo4jHome().toString(), server.confDir().toString(), graph.size);
        BackupCatalog.deleteQuietly(dir.resolve("restore-work"));
        return sample;
    }

    /** -Dbench.only=restore: the restore and packaging rows only (minutes instead of an hour). */
    static boolean restoreOnly() {
        return "restore".equals(System.getProperty("bench.only", "").trim());
    }

    private void add(Sample sample) {
        samples.add(sample);
        log("  %s: wall %d ms, downtime %d ms, stored %d B, heap %d MB, rss %d MB %s", sample.variant(),
                sample.wallMs(), sample.downtimeMs(), sample.storedBytes(), sample.heapPeakBytes() >> 20,
                sample.rssPeakBytes() >> 20, sample.extra());
    }

    /** Repetition r starts at a different variant: A B C, then B C A, ... */
    static List<String> rotate(List<String> variants, int rep) {
        int shift = (rep - 1) % variants.size();
        List<String> order = new ArrayList<>(variants.subList(shift, variants.size()));
        order.addAll(variants.subList(0, shift));
        return order;
    }

    static Path only(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one *" + suffix + " in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %tT] " + format + "%n", prepend(Instant.now(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = java.util.Date.from((Instant) first);
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
