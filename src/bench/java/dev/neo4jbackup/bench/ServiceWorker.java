package dev.neo4jbackup.bench;

import dev.neo4jbackup.testing.TestSigning;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.archive.Sealer;
import dev.neo4jbackup.crypt.AgeProgram;
import dev.neo4jbackup.crypt.AgeSealer;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupConfiguration;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunHooks;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.CommandStop;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.Quiescer;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.backup.StateStopMarkers;
import dev.neo4jbackup.restore.BackupValidator;
import dev.neo4jbackup.restore.Confirmer;
import dev.neo4jbackup.restore.RecoveryTracker;
import dev.neo4jbackup.restore.RestoreChecks;
import dev.neo4jbackup.restore.RestoreHooks;
import dev.neo4jbackup.restore.RestoreRequest;
import dev.neo4jbackup.restore.RestoreResult;
import dev.neo4jbackup.restore.RestoreTarget;
import dev.neo4jbackup.restore.RestoreTargets;
import dev.neo4jbackup.restore.Restorer;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.TestProperties;

/**
 * The service's code in a JVM of its own, so that its heap and resident set are its own and nothing of
 * the harness's: one backup run through {@link BackupRunner} (wired as the service wires it, without
 * Spring), one packaging alone, or the restore proxy. Prints one {@code BENCH-RESULT k=v ...} line.
 *
 * <pre>
 * backup  &lt;gzip|none&gt; &lt;storage&gt; &lt;bolt&gt; &lt;home&gt; &lt;conf&gt; [&lt;snapshot: off|copy&gt; [&lt;setting=value&gt;...]]
 * pack    &lt;gzip|none&gt; &lt;dump&gt; &lt;target&gt; [&lt;age recipient&gt;|-] [&lt;gzip level&gt;]
 * restore &lt;gzip|none&gt; &lt;archive&gt; &lt;sha256&gt; &lt;work&gt; &lt;bolt&gt; &lt;home&gt; &lt;conf&gt; &lt;size&gt;
 * logical-export &lt;gzip|none&gt; &lt;storage&gt; &lt;bolt&gt; &lt;home&gt; &lt;conf&gt;
 * logical-import &lt;gzip|none&gt; &lt;archive&gt; &lt;work&gt; &lt;bolt&gt; &lt;size&gt; &lt;batch size&gt;
 * large-restore &lt;clear-first|merge&gt; &lt;archive&gt; &lt;work&gt; &lt;bolt&gt; &lt;batch size&gt;  (LargePropertiesWorker)
 * </pre>
 */
public final class ServiceWorker {

    static final String RESULT = "BENCH-RESULT";

    private ServiceWorker() {
    }

    public static void main(String[] args) throws Exception {
        // plain logback outside Spring logs at DEBUG (the driver's every packet): the service logs at INFO
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        if (Boolean.parseBoolean(System.getProperty("bench.warmup", "true"))) {
            JitWarmup.run();
            System.gc(); // the warm-up's garbage is not the run's heap
        }
        Map<String, Long> result = new LinkedHashMap<>();
        try (MemoryPeak memory = new MemoryPeak()) {
            // the second argument is the compression, but the large-properties restore's is its mode
            Compression compression = args[0].equals("large-restore") ? null
                    : Compression.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
            switch (args[0]) {
                case "large-restore" -> LargePropertiesWorker.restore(
                        dev.neo4jbackup.logical.LogicalImporter.Mode.parse(args[1]), Path.of(args[2]),
                        Path.of(args[3]), args[4], Integer.parseInt(args[5]), result);
                case "backup" -> backup(compression, Path.of(args[2]), args[3], Path.of(args[4]), Path.of(args[5]),
                        "dump", args.length > 6 ? args[6] : "off",
                        java.util.Arrays.asList(args).subList(Math.min(7, args.length), args.length), result);
                case "logical-export" -> backup(compression, Path.of(args[2]), args[3], Path.of(args[4]),
                        Path.of(args[5]), "logical", "off", List.of(), result);
                case "logical-import" -> logicalImport(Path.of(args[2]), Path.of(args[3]), args[4],
                        SyntheticGraph.of(args[5]), Integer.parseInt(args[6]), result);
                case "pack" -> pack(compression, Path.of(args[2]), Path.of(args[3]),
                        args.length > 4 && !args[4].equals("-") ? args[4] : null,
                        args.length > 5 ? Integer.parseInt(args[5]) : ArchivePacker.DEFAULT_LEVEL, result);
                case "restore" -> restore(compression, Path.of(args[2]), args[3], Path.of(args[4]), args[5],
                        Path.of(args[6]), Path.of(args[7]), SyntheticGraph.of(args[8]), result);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
            result.put("heapPeakBytes", memory.peakHeapBytes());
        }
        result.put("rssPeakBytes", MemoryPeak.peakRssBytes());
        StringBuilder line = new StringBuilder(RESULT);
        result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.exit(0); // the driver's threads must not keep the JVM
    }

    private static void backup(Compression compression, Path storage, String bolt, Path home, Path conf,
            String kind, String snapshot, List<String> settings, Map<String, Long> result) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kind", kind);
        if (System.getProperty("bench.logical.page-size") != null) {
            values.put("logical.page-size", System.getProperty("bench.logical.page-size"));
        }
        values.put("storage.path", storage.toString());
        values.put("compression", compression.name());
        values.put("neo4j.home", home.toString());
        values.put("neo4j.conf-dir", conf.toString());
        values.put("neo4j.stop-mode", kind.equals("logical") ? "NONE" : "COMMAND");
        values.put("disk.min-free-ratio", "0.0");
        values.put("neo4j.snapshot", snapshot);
        for (String setting : settings) { // e.g. neo4j.nice=0: a variant's own
            String[] keyValue = setting.split("=", 2);
            values.put(keyValue[0], keyValue[1]);
        }
        BackupProperties properties = TestProperties.bind(values);
        Neo4jInstallation installation = new Neo4jInstallation(home, conf, null);
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        try (Driver driver = driver(bolt)) {
            Quiescer quiescer = Neo4jConfiguration.quiescerFor(properties, installation, processes, driver);
            BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
            Neo4jAdmin admin = new Neo4jAdmin(installation, processes);
            BackupRunner runner = new BackupRunner(properties, catalog, new StorageLock(catalog.root()),
                    new StateStore(catalog.root()), admin, new GraphStatsReader(driver), new BoltProbe(driver),
                    quiescer, processes, event -> { }, Clock.systemUTC(), "bench",
                    BackupConfiguration.kinds(properties, admin, new GraphStatsReader(driver), driver,
                            Clock.systemUTC()), BackupConfiguration.resumeThread(), null, RunHooks.NONE);
            // a long-running service has its driver connected before the run starts
            new BoltProbe(driver).answers("neo4j");
            Stopwatch clock = new Stopwatch();
            RunReport report = runner.run(BackupRequest.of(Trigger.MANUAL, "benchmark"));
            result.put("wallMs", clock.ms());
            BackupOutcome outcome = report.outcomes().get(0);
            if (!report.ok()) {
                throw new IllegalStateException("Backup failed: " + outcome.failure());
            }
            Manifest manifest = outcome.manifest();
            result.put("downtimeMs", manifest.downtimeMs());
            result.put("storedBytes", manifest.storedBytes());
            result.put("rawBytes", manifest.rawBytes());
            manifest.durationsMs().forEach((stage, ms) -> result.put(stage + "Ms", ms));
            if (manifest.logical() != null) {
                long entities = manifest.logical().nodes() + manifest.logical().relationships();
                result.put("nodes", manifest.logical().nodes());
                result.put("relationships", manifest.logical().relationships());
                // end to end: the Bolt reads, JSON, gzip, SHA-256 and the publish, as APOC's row is its whole call
                result.put("entitiesPerSecond", result.get("wallMs") == 0 ? -1 : entities * 1000 / result.get("wallMs"));
                result.put("consistent", manifest.logical().consistent() ? 1L : 0L);
            }
        }
    }

    /** @param recipient an age public key: the pass encrypts with the real age, as backup.encryption does */
    private static void pack(Compression compression, Path dump, Path target, String recipient, int level,
            Map<String, Long> result) throws Exception {
        Sealer sealer = recipient == null ? Sealer.NONE : new AgeSealer(new AgeProgram("age",
                ChildEnvironment.byName()), java.util.List.of(new AgeRecipient(recipient)), null);
        long cpu0 = cpuNanos();
        PackResult packed = new ArchivePacker(level).pack(dump, target, compression, sealer);
        result.put("wallMs", packed.took().toMillis());
        result.put("cpuMs", (cpuNanos() - cpu0) / 1_000_000);
        result.put("storedBytes", packed.storedBytes());
        result.put("rawBytes", packed.rawBytes());
    }

    /**
     * The service's restore command, wired as RestoreConfiguration wires it (without Spring): the archive's
     * storage folder is the catalog, the restore takes its safety backup inside its one stop window, loads,
     * starts, waits for Bolt and runs its health checks. {@code sha256} and {@code work} are the harness's
     * arguments of before (the validator reads the manifest's checksum and extracts into the storage folder).
     */
    private static void restore(Compression compression, Path archive, String sha256, Path work, String bolt,
            Path home, Path conf, SyntheticGraph graph, Map<String, Long> result) throws Exception {
        Path storage = archive.getParent();
        String file = archive.getFileName().toString();
        String id = file.substring(0, file.indexOf(".dump"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("storage.path", storage.toString());
        values.put("compression", compression.name());
        values.put("neo4j.home", home.toString());
        values.put("neo4j.conf-dir", conf.toString());
        values.put("neo4j.stop-mode", "COMMAND");
        values.put("disk.min-free-ratio", "0.0");
        BackupProperties properties = TestProperties.bind(values);
        Neo4jInstallation installation = new Neo4jInstallation(home, conf, null);
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        try (Driver driver = driver(bolt)) {
            Quiescer quiescer = Neo4jConfiguration.quiescerFor(properties, installation, processes, driver);
            BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
            Neo4jAdmin admin = new Neo4jAdmin(installation, processes);
            StorageLock lock = new StorageLock(catalog.root());
            BackupRunner runner = new BackupRunner(properties, catalog, lock, new StateStore(catalog.root()), admin,
                    new GraphStatsReader(driver), new BoltProbe(driver), quiescer, processes, event -> { },
                    Clock.systemUTC(), "bench", kind -> BackupConfiguration.kindFor(kind, properties, admin, null, null,
                            Clock.systemUTC()),
                    BackupConfiguration.resumeThread(), null, RunHooks.NONE);
            try (RestoreTargets targets = new RestoreTargets(new RestoreTarget(BackupProperties.Restore.PRIMARY, true,
                    admin, quiescer, driver), properties, processes)) {
                Restorer restorer = new Restorer(catalog, lock, new StateStopMarkers(new StateStore(catalog.root())),
                        new BackupValidator(catalog, lock, admin, Clock.systemUTC(), properties.neo4j().dumpTimeout()),
                        runner, targets, new RestoreChecks(properties.restore().indexTimeout()),
                        new RecoveryTracker(catalog.root(), Clock.systemUTC()), event -> { }, Clock.systemUTC(),
                        properties.neo4j().dumpTimeout(), properties.neo4j().startTimeout(), RestoreHooks.NONE);
                new BoltProbe(driver).answers("neo4j");
                Stopwatch clock = new Stopwatch();
                RestoreResult restored = restorer.restore(RestoreRequest.of(id), Confirmer.YES);
                result.put("wallMs", clock.ms());
                if (restored.outcome() != RestoreResult.Outcome.RESTORED) {
                    throw new IllegalStateException("restore ended " + restored.outcome());
                }
                result.put("downtimeMs", restored.downtime().toMillis());
                result.put("stops", restored.lines().stream().filter(l -> l.startsWith("Stopping Neo4j")).count());
                ShellVariants.check(new GraphStatsReader(driver).read("neo4j"), graph);
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * What the service's restore of a logical backup does after its validation: the archive unpacked (gunzip) into
     * the work folder, then {@link dev.neo4jbackup.logical.LogicalImporter} clear-first into the live database.
     * {@code importMs} and the rate are of the writes only (the clearing and the unpacking are timed apart);
     * Neo4j is never stopped (downtime 0).
     */
    private static void logicalImport(Path archive, Path work, String bolt, SyntheticGraph graph, int batchSize,
            Map<String, Long> result) throws Exception {
        try (Driver driver = driver(bolt)) {
            new BoltProbe(driver).answers("neo4j");
            Stopwatch clock = new Stopwatch();
            Files.createDirectories(work);
            Path jsonl = work.resolve("neo4j.jsonl");
            unpack(archive, jsonl);
            result.put("unpackMs", clock.ms());
            // the proof a restore runs before it touches anything, timed apart from the import it precedes
            long proofStart = clock.ms();
            var proven = dev.neo4jbackup.logical.LogicalProof.prove(jsonl);
            result.put("proofMs", clock.ms() - proofStart);
            result.put("proofIdBytes", proven.idBytes());
            var imported = new dev.neo4jbackup.logical.LogicalImporter(driver, batchSize).importFile(proven, "neo4j",
                    dev.neo4jbackup.logical.LogicalImporter.Mode.CLEAR_FIRST, line -> System.out.println(line));
            result.put("wallMs", clock.ms());
            result.put("importMs", imported.took().toMillis());
            result.put("nodes", imported.nodes());
            result.put("relationships", imported.relationships());
            result.put("entitiesPerSecond", Math.round(imported.perSecond()));
            result.put("downtimeMs", 0L);
            result.put("storedBytes", Files.size(archive));
            result.put("rawBytes", Files.size(jsonl));
            ShellVariants.check(new GraphStatsReader(driver).read("neo4j"), graph);
            Files.delete(jsonl);
        }
    }

    /** gunzip (or copy) the archive into the work file, as the restore's validation unpacks it. */
    static void unpack(Path archive, Path jsonl) throws java.io.IOException {
        try (var in = archive.toString().endsWith(".gz")
                ? new java.util.zip.GZIPInputStream(Files.newInputStream(archive), 1 << 16)
                : Files.newInputStream(archive)) {
            Files.copy(in, jsonl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Driver driver(String bolt) {
        return GraphDatabase.driver(bolt, AuthTokens.basic("neo4j", Neo4jServer.PASSWORD),
                Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS).build());
    }
}
