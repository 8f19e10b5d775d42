package dev.neo4jbackup.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.TestProperties;

/**
 * The service's code in a JVM of its own, so that its heap and resident set are its own and nothing of
 * the harness's: one backup run through {@link BackupRunner} (wired as the service wires it, without
 * Spring), one packaging alone, or the restore proxy. Prints one {@code BENCH-RESULT k=v ...} line.
 *
 * <pre>
 * backup  &lt;gzip|none&gt; &lt;storage&gt; &lt;bolt&gt; &lt;home&gt; &lt;conf&gt; [&lt;snapshot: off|copy&gt;]
 * pack    &lt;gzip|none&gt; &lt;dump&gt; &lt;target&gt; [&lt;age recipient&gt;]
 * restore &lt;gzip|none&gt; &lt;archive&gt; &lt;sha256&gt; &lt;work&gt; &lt;bolt&gt; &lt;home&gt; &lt;conf&gt; &lt;size&gt;
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
            Compression compression = Compression.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
            switch (args[0]) {
                case "backup" -> backup(compression, Path.of(args[2]), args[3], Path.of(args[4]), Path.of(args[5]),
                        args.length > 6 ? args[6] : "off", result);
                case "pack" -> pack(compression, Path.of(args[2]), Path.of(args[3]),
                        args.length > 4 ? args[4] : null, result);
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
            String snapshot, Map<String, Long> result) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("storage.path", storage.toString());
        values.put("compression", compression.name());
        values.put("neo4j.home", home.toString());
        values.put("neo4j.conf-dir", conf.toString());
        values.put("neo4j.stop-mode", "COMMAND");
        values.put("disk.min-free-ratio", "0.0");
        values.put("neo4j.snapshot", snapshot);
        BackupProperties properties = TestProperties.bind(values);
        Neo4jInstallation installation = new Neo4jInstallation(home, conf, null);
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        try (Driver driver = driver(bolt)) {
            Quiescer quiescer = Neo4jConfiguration.quiescerFor(properties, installation, processes, driver);
            BackupCatalog catalog = new BackupCatalog(storage, Clock.systemUTC());
            Neo4jAdmin admin = new Neo4jAdmin(installation, processes);
            BackupRunner runner = new BackupRunner(properties, catalog, new StorageLock(catalog.root()),
                    new StateStore(catalog.root()), admin, new GraphStatsReader(driver), new BoltProbe(driver),
                    quiescer, processes, event -> { }, Clock.systemUTC(), "bench",
                    BackupConfiguration.kindFor(properties, admin), BackupConfiguration.localDestination(catalog),
                    BackupConfiguration.resumeThread());
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
        }
    }

    /** @param recipient an age public key: the pass encrypts with the real age, as backup.encryption does */
    private static void pack(Compression compression, Path dump, Path target, String recipient,
            Map<String, Long> result) throws Exception {
        Sealer sealer = recipient == null ? Sealer.NONE : new AgeSealer(new AgeProgram("age",
                ChildEnvironment.byName()), java.util.List.of(new AgeRecipient(recipient)), null);
        PackResult packed = new ArchivePacker().pack(dump, target, compression, sealer);
        result.put("wallMs", packed.took().toMillis());
        result.put("storedBytes", packed.storedBytes());
        result.put("rawBytes", packed.rawBytes());
    }

    /**
     * What the service's restore does with its own parts, until the restore command lands (branch restore):
     * read the archive once (checksum + gunzip) into a dump, stop, load, start, wait for Bolt, check counts.
     * TODO(restore): replace this body by the service's restore command (e.g. RestoreRunner.restore(id)) and
     * keep the row's name; the harness side (Benchmark.restoreRows) needs no change.
     */
    private static void restore(Compression compression, Path archive, String sha256, Path work, String bolt,
            Path home, Path conf, SyntheticGraph graph, Map<String, Long> result) throws Exception {
        Neo4jInstallation installation = new Neo4jInstallation(home, conf, null);
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        Neo4jAdmin admin = new Neo4jAdmin(installation, processes);
        CommandStop quiescer = new CommandStop("bin/neo4j stop", "bin/neo4j start", installation, processes,
                Duration.ofMinutes(5), Duration.ofMinutes(5));
        try (Driver driver = driver(bolt)) {
            new BoltProbe(driver).answers("neo4j");
            Stopwatch clock = new Stopwatch();
            Files.createDirectories(work);
            ArchiveVerifier.Result verified;
            try (OutputStream out = Files.newOutputStream(work.resolve("neo4j.dump"))) {
                verified = new ArchiveVerifier().verify(archive, compression, sha256, out);
            }
            if (!verified.ok()) {
                throw new IllegalStateException("archive does not verify: " + verified.problem());
            }
            result.put("verifyMs", clock.ms());
            long stoppedAt = clock.ms();
            quiescer.stop();
            long loadStart = clock.ms();
            admin.load("neo4j", work, Duration.ofHours(2));
            result.put("loadMs", clock.ms() - loadStart);
            quiescer.resume();
            if (!new BoltProbe(driver).awaitAnswer("neo4j", Duration.ofMinutes(5))) {
                throw new IllegalStateException("Neo4j did not answer after the load");
            }
            result.put("downtimeMs", clock.ms() - stoppedAt);
            long checks = clock.ms();
            ShellVariants.check(new GraphStatsReader(driver).read("neo4j"), graph);
            result.put("checksMs", clock.ms() - checks);
            result.put("wallMs", clock.ms());
        }
    }

    private static Driver driver(String bolt) {
        return GraphDatabase.driver(bolt, AuthTokens.basic("neo4j", Neo4jServer.PASSWORD),
                Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS).build());
    }
}
