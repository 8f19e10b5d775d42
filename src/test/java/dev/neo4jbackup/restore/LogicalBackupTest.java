package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Logical backups against one real Neo4j for the whole class (each test sets the graph up again): every
 * property type round-trips with the same typed fingerprint, clear-first and merge (twice), exclusions,
 * writes during an export, an unreachable Neo4j.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class LogicalBackupTest {

    static Neo4jServer server;

    @TempDir
    Path storage;

    /** Northwind, when ../shared has it, is loaded before the first start: no restart for its test. */
    static boolean northwindLoaded;

    @BeforeAll
    static void start() {
        server = Neo4jServer.create("logical");
        Path northwind = Path.of(System.getProperty("shared.dir", "../shared"), "datasets", "northwind-50.dump");
        if (Files.isReadable(northwind)) {
            server.load(northwind, "neo4j");
            northwindLoaded = true;
        }
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void generatedGraph(org.junit.jupiter.api.TestInfo test) {
        if (test.getTestMethod().orElseThrow().getName().startsWith("northwind")) {
            return;
        }
        server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
        for (Record r : server.run("SHOW CONSTRAINTS YIELD name")) {
            server.run("DROP CONSTRAINT `" + r.get("name").asString() + "`");
        }
        for (Record r : server.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")) {
            server.run("DROP INDEX `" + r.get("name").asString() + "` IF EXISTS");
        }
        server.run("CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE");
        server.run("CREATE INDEX doc_title FOR (d:Document) ON (d.title)");
        server.run("""
                CREATE (t:Typed:Person {email: 'typed@example.com', s: 'text', l: 42, big: 9007199254740993,
                  d: 1.5, whole: 2.0, nan: 0.0 / 0.0, inf: 1.0 / 0.0, b: true, dateLike: '2024-01-01',
                  sa: ['a', 'b'], la: [1, 2], da: [1.0, 2.5], ba: [true, false], bytes: $bytes,
                  date: date('2024-02-29'), time: time('12:34:56.123456789+01:00'),
                  lt: localtime('23:59:59.999999999'), dtOffset: datetime('2024-03-31T02:30:00.000000001+02:00'),
                  dtZone: datetime({year: 2024, month: 10, day: 27, hour: 2, minute: 30, timezone: 'Europe/Berlin'}),
                  ldt: localdatetime('2024-01-01T00:00:00.5'), dur: duration('P1Y2M3DT4H5M6.000000007S'),
                  negDur: duration({seconds: -1, nanoseconds: 5}),
                  p2: point({x: 1.5, y: -2}), p3: point({x: 1, y: 2, z: 3}),
                  g2: point({longitude: 13.4, latitude: 52.5}), g3: point({longitude: 13.4, latitude: 52.5, height: 34.0}),
                  dates: [date('2024-01-01'), date('2024-01-02')], points: [point({x: 1, y: 2}), point({x: 3, y: 4})],
                  durs: [duration('P1D'), duration('PT1S')], dts: [datetime('2024-01-01T00:00Z')]})
                CREATE (t)-[:HAS {since: date('2020-01-01'), w: 0.5, at: localdatetime('2020-01-01T10:00')}]->(:Document {title: 'typed'})
                CREATE (:Unlabelled2)
                CREATE ()
                """, Map.of("bytes", new byte[] {0, 1, 2, (byte) 255, 127}));
        server.run("""
                UNWIND range(1, 400) AS i
                CREATE (p:Person {email: 'p' + i + '@example.com', name: 'P' + i, age: i % 90, score: i / 7.0,
                  born: date('1950-01-01') + duration({days: i}), embedding: [0.1, 0.2, 0.3]})
                CREATE (d:Document {title: 'doc ' + i, embedding: [1.0, 2.0], secretNote: 'n' + i})
                CREATE (p)-[:WROTE {at: datetime('2020-01-01T00:00Z') + duration({hours: i})}]->(d)
                WITH p, i WHERE i % 10 = 0
                CREATE (s:Secret {code: i})-[:OWNS]->(p)
                """);
        server.run("MATCH (a:Person), (b:Person) WHERE a.age = 1 AND b.age = 2 CREATE (a)-[:KNOWS {w: 1}]->(b)");
    }

    private RunnerFixture fixture() {
        return new RunnerFixture(server, storage).stopMode(StopMode.NONE).set("kind", "logical");
    }

    private String fingerprint(List<String> excludeProperties, List<String> excludeLabels) {
        return new LogicalExporter(server.driver()).fingerprint("neo4j", new ExportOptions(excludeProperties,
                excludeLabels, 1000)).value();
    }

    private static List<String> lines(Path archive) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                archive)), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }

    @Test
    void everyTypeRoundTripsIntoAChangedDatabaseClearFirstWithTheSameTypedFingerprint() throws Exception {
        Map<String, Value> typedBefore = server.run("MATCH (n:Typed) RETURN properties(n) AS p").get(0).get("p")
                .asMap(v -> v);
        String before = fingerprint(List.of(), List.of());
        RestoreFixture restore = new RestoreFixture(fixture());
        long t0 = System.nanoTime();
        RunReport report = restore.runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "test"));
        long exportMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.kind()).isEqualTo("logical");
        assertThat(manifest.archive()).endsWith(".jsonl.gz");
        assertThat(manifest.downtimeMs()).isZero();
        assertThat(manifest.logical().consistent()).as(manifest.logical().evidence()).isTrue();
        assertThat(manifest.logical().fingerprint()).isEqualTo(before);
        assertThat(manifest.graph().nodes()).isEqualTo(server.count("MATCH (n) RETURN count(n)"));
        assertThat(manifest.graph().constraints()).isEqualTo(1);
        assertThat(Files.exists(storage.resolve(manifest.archive() + ".sha256"))).isTrue();
        List<String> lines = lines(storage.resolve(manifest.archive()));
        assertThat(lines.get(0)).startsWith("{\"type\":\"meta\",\"format\":\"neo4j-backup-logical/2\"")
                .contains("\"typeMap\"", "\"consistency\"")
                .contains("{\"kind\":\"UNIQUENESS\",\"name\":\"person_email\",\"entity\":\"NODE\","
                        + "\"labelsOrTypes\":[\"Person\"],\"properties\":[\"email\"]")
                .doesNotContain("CREATE CONSTRAINT", "CREATE RANGE INDEX"); // fields, never statements
        assertThat(lines.get(1)).startsWith("{\"type\":\"node\",\"id\":\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"relationship\"", "\"start\":{\"id\":");
        System.out.printf("LOGICAL_NUMBERS: export %d entities in %d ms%n", manifest.graph().nodes()
                + manifest.graph().relationships(), exportMs);

        server.run("MATCH (n:Person) WHERE n.age < 10 DETACH DELETE n");
        server.run("CREATE (:Stray {x: 1})");
        server.run("DROP INDEX doc_title");
        RestoreResult result = restore.restorer.restore(new RestoreRequest(manifest.id(), null, null, false, false, true,
                LogicalImporter.Mode.CLEAR_FIRST), Confirmer.YES);
        assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(result.safetyBackupId()).isNotNull();
        assertThat(result.checks()).extracting(RestoreChecks.Check::name).contains("graph_counts", "content_fingerprint");
        assertThat(result.lines()).anyMatch(l -> l.startsWith("Imported ") && l.contains("entities/s"));
        assertThat(fingerprint(List.of(), List.of())).isEqualTo(before);
        Map<String, Value> typedAfter = server.run("MATCH (n:Typed) RETURN properties(n) AS p").get(0).get("p")
                .asMap(v -> v);
        assertThat(typedAfter.keySet()).isEqualTo(typedBefore.keySet());
        typedBefore.forEach((k, v) -> assertThat(dev.neo4jbackup.logical.JsonValues.canonical(typedAfter.get(k)))
                .as(k).isEqualTo(dev.neo4jbackup.logical.JsonValues.canonical(v)));
        assertThat(server.count("MATCH (n:__BackupImport) RETURN count(n)")).isZero();
        assertThat(server.count("MATCH (n) WHERE n.__backup_import_id IS NOT NULL RETURN count(n)")).isZero();
        assertThat(server.count("SHOW INDEXES YIELD name WHERE name = 'doc_title' RETURN count(*)")).isEqualTo(1);
        assertThat(server.count("SHOW INDEXES YIELD name WHERE name STARTS WITH '__backup' RETURN count(*)")).isZero();
        assertThat(restore.catalog.find(manifest.id()).orElseThrow().status()).isEqualTo(Manifest.Status.VALIDATED);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void northwindRoundTripsClearFirstWithEqualCountsAndFingerprint() {
        dev.neo4jbackup.testing.Datasets.northwind(); // skips without ../shared
        org.junit.jupiter.api.Assumptions.assumeTrue(northwindLoaded);
        String before = fingerprint(List.of(), List.of());
        long nodes = server.count("MATCH (n) RETURN count(n)");
        RestoreFixture restore = new RestoreFixture(fixture());
        RunReport report = restore.runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "northwind"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.graph().nodes()).isEqualTo(nodes).isPositive();
        server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
        RestoreResult result = restore.restorer.restore(new RestoreRequest(manifest.id(), null, null, false, false,
                false, null), Confirmer.YES);
        assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(nodes);
        assertThat(fingerprint(List.of(), List.of())).isEqualTo(before);
    }

    @Test
    void mergeIntoANonEmptyDatabaseAddsTheBackupAndMergingTwiceIsMergingOnce() {
        RestoreFixture restore = new RestoreFixture(fixture());
        RunReport report = restore.runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "test"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        long nodes = manifest.graph().nodes();
        long rels = manifest.graph().relationships();
        // another database's content: wiped, then something else of its own
        server.run("MATCH (n) DETACH DELETE n");
        server.run("CREATE (:Local {x: 1})-[:NEAR]->(:Local {x: 2})");
        RestoreRequest merge = new RestoreRequest(manifest.id(), null, null, false, false, false,
                LogicalImporter.Mode.MERGE);
        RestoreResult first = restore.restorer.restore(merge, Confirmer.YES);
        assertThat(first.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(nodes + 2);
        assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(rels + 1);
        RestoreResult second = restore.restorer.restore(merge, Confirmer.YES);
        assertThat(second.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(nodes + 2);
        assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(rels + 1);
        assertThat(server.count("MATCH (n:__BackupImport) RETURN count(n)")).isZero();
        // a dump is loaded whole: merge is refused before anything is touched
        assertThatThrownBy(() -> restore.restorer.restore(new RestoreRequest("neo4j-20200101-000000", null, null, false,
                false, false, LogicalImporter.Mode.MERGE), Confirmer.YES)).isInstanceOf(BackupFailure.class);
    }

    @Test
    void exclusionsAreLeftOutRecordedAndTheRestoreComparesLikeWithLike() throws Exception {
        RestoreFixture restore = new RestoreFixture(fixture().set("logical.exclude-properties", "embedding,Document.secretNote")
                .set("logical.exclude-labels", "Secret"));
        RunReport report = restore.runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "test"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.logical().excludeProperties()).containsExactly("embedding", "Document.secretNote");
        assertThat(manifest.logical().excludeLabels()).contains("Secret", "BackupMetadata");
        assertThat(manifest.graph().labels()).doesNotContainKey("Secret");
        assertThat(manifest.graph().relationshipTypes()).doesNotContainKey("OWNS");
        List<String> lines = lines(storage.resolve(manifest.archive()));
        assertThat(lines.subList(1, lines.size())).noneMatch(l -> l.contains("embedding") || l.contains("secretNote")
                || l.contains("\"Secret\""));
        RestoreResult result = restore.restorer.restore(new RestoreRequest(manifest.id(), null, null, false, false, false,
                LogicalImporter.Mode.CLEAR_FIRST), Confirmer.YES);
        assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(server.count("MATCH (n:Secret) RETURN count(n)")).isZero();
        assertThat(server.count("MATCH (n) WHERE n.embedding IS NOT NULL RETURN count(n)")).isZero();
    }

    @Test
    void writesDuringAnExportMakeItInconsistentAWarningOrAFailureWhenRequired(@TempDir Path work) {
        AtomicBoolean wrote = new AtomicBoolean();
        LogicalExporter.Exported exported = new LogicalExporter(server.driver()).export("neo4j", work,
                new ExportOptions(List.of(), List.of(), 500), new LogicalExporter.About(java.time.Instant.now(), "t",
                        "test", "5"), done -> {
                            if (wrote.compareAndSet(false, true)) {
                                server.run("CREATE (:Late)");
                            }
                        });
        assertThat(exported.facts().consistent()).isFalse();
        assertThat(exported.facts().evidence()).contains("writes during the export").contains("nodes");
        System.out.println("LOGICAL_TX_EVIDENCE: " + exported.facts().evidence());

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                server.run("CREATE (:Busy)");
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        RunReport report;
        RunReport kept;
        try {
            // the default (require-consistent=false): kept, published, its manifest says so with the evidence
            kept = new RunnerFixture(server, work.resolve("kept")).stopMode(StopMode.NONE).set("kind", "logical")
                    .build().run(BackupRequest.of(Trigger.MANUAL, "kept"));
            report = fixture().set("logical.require-consistent", "true").build().run(BackupRequest.of(Trigger.MANUAL,
                    "test"));
        } finally {
            writing.set(false);
        }
        assertThat(kept.ok()).as("%s", kept.firstFailure()).isTrue();
        Manifest keptManifest = kept.outcomes().get(0).manifest();
        assertThat(keptManifest.logical().consistent()).isFalse();
        assertThat(keptManifest.logical().evidence()).contains("writes during the export");
        assertThat(keptManifest.logical().txAfter()).isNotEqualTo(keptManifest.logical().txBefore());
        assertThat(report.ok()).isFalse();
        assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.BACKUP_INCONSISTENT);
        assertThat(fixture().catalog().successes()).isEmpty();
    }

    @Test
    void aServiceKilledMidExportLeavesNothingVisible() throws Exception {
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Exporting.class.getName(), storage.toString(),
                server.dir().toString(), Integer.toString(server.boltPort())).redirectErrorStream(true)
                .redirectOutput(storage.resolve("service.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
            Path body = null;
            while (body == null && System.nanoTime() < deadline && service.isAlive()) {
                Thread.sleep(20);
                if (Files.isDirectory(storage.resolve(".staging"))) {
                    try (var files = Files.walk(storage.resolve(".staging"))) {
                        body = files.filter(f -> f.getFileName().toString().endsWith(".body.jsonl"))
                                .filter(f -> f.toFile().length() > 0).findFirst().orElse(null);
                    }
                }
            }
            assertThat(body).as("the export was under way: " + Files.readString(storage.resolve("service.log")))
                    .isNotNull();
            service.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS); // kill -9 mid-export
        } finally {
            service.destroyForcibly();
        }
        try (var files = Files.list(storage)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")
                    && !n.equals("service.log"))).as("no manifest, archive nor sidecar").isEmpty();
        }
        assertThat(fixture().catalog().successes()).isEmpty();
        assertThat(fixture().catalog().list()).isEmpty();
    }

    /** The service of the kill -9 test: a logical export that reads one node id per query, so that it takes a while. */
    public static final class Exporting {
        public static void main(String[] args) {
            Neo4jServer server = Neo4jServer.attach("logical", Path.of(args[1]), Integer.parseInt(args[2]));
            new RunnerFixture(server, Path.of(args[0])).stopMode(StopMode.NONE).set("kind", "logical")
                    .set("logical.page-size", "1").build().run(BackupRequest.of(Trigger.MANUAL, null));
        }
    }

    /**
     * The bundled initial backup as a logical file: our archive and its sidecar, as an installation ships them,
     * restored into the emptied database at start (counts and typed fingerprint equal), recorded in the state
     * with its SHA-256, never a second time.
     */
    @Test
    void aBundledLogicalBackupIsRestoredOnceIntoTheEmptyDatabase(@TempDir Path bundle, @TempDir Path newStorage)
            throws Exception {
        String before = fingerprint(List.of(), List.of());
        long nodes = server.count("MATCH (n) RETURN count(n)");
        long rels = server.count("MATCH ()-[r]->() RETURN count(r)");
        RunReport report = fixture().build().run(BackupRequest.of(Trigger.MANUAL, "bundle"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        Manifest exported = report.outcomes().get(0).manifest();
        Path file = Files.copy(storage.resolve(exported.archive()), bundle.resolve("initial.jsonl.gz"));
        Files.writeString(bundle.resolve("initial.jsonl.gz.sha256"), exported.sha256() + "  initial.jsonl.gz\n");
        server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
        for (Record r : server.run("SHOW CONSTRAINTS YIELD name")) {
            server.run("DROP CONSTRAINT `" + r.get("name").asString() + "`");
        }

        try (RestoreFixture restore = new RestoreFixture(server, newStorage)) {
            InitialRestore.Outcome restored = initialRestore(restore, file, newStorage).runOnce();
            assertThat(restored.result()).as(restored.detail()).isEqualTo(InitialRestore.Result.RESTORED);
            assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(nodes);
            assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(rels);
            assertThat(fingerprint(List.of(), List.of())).isEqualTo(before);
            assertThat(server.count("SHOW CONSTRAINTS YIELD name WHERE name = 'person_email' RETURN count(*)"))
                    .isEqualTo(1);
            Manifest entry = restore.catalog.require(restored.backupId());
            assertThat(entry.trigger()).isEqualTo(Trigger.INITIAL);
            assertThat(entry.kind()).isEqualTo(Manifest.LOGICAL);
            dev.neo4jbackup.catalog.ServiceState.InitialRestored recorded = new dev.neo4jbackup.catalog.StateStore(
                    newStorage).read().initialRestore();
            assertThat(recorded.file()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(recorded.sha256()).isEqualTo(exported.sha256());
            // never again, even once the database is emptied again
            server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
            assertThat(initialRestore(restore, file, newStorage).runOnce().result())
                    .isEqualTo(InitialRestore.Result.ALREADY_RESTORED);
            assertThat(server.count("MATCH (n) RETURN count(n)")).isZero();
        }
    }

    private static InitialRestore initialRestore(RestoreFixture fixture, Path file, Path storage) {
        dev.neo4jbackup.catalog.BackupCatalog catalog = dev.neo4jbackup.testing.TestSigning.catalog(storage);
        return new InitialRestore(file, "neo4j", new dev.neo4jbackup.catalog.StateStore(storage), catalog,
                new dev.neo4jbackup.catalog.StorageLock(storage), new dev.neo4jbackup.neo4j.GraphStatsReader(
                        server.driver()), new dev.neo4jbackup.neo4j.BoltProbe(server.driver()), fixture.restorer,
                fixture.events::add, java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(30));
    }

    /**
     * A bundled file that passes its checksum but that the restore refuses is no backup: its copy does not stay in
     * the catalogue as a COMPLETE backup (which made status say "Last success: 16 s ago" with no backup at all).
     */
    @Test
    void aBundledFileTheRestoreRefusesIsNotCataloguedAsABackup(@TempDir Path bundle, @TempDir Path newStorage)
            throws Exception {
        Path file = Files.writeString(bundle.resolve("seed.jsonl"), "{\"type\":\"not a graph\",\"id\":1}\n");
        Files.writeString(bundle.resolve("seed.jsonl.sha256"), dev.neo4jbackup.archive.ArchivePacker.sha256(file)
                + "  seed.jsonl\n");
        server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");

        try (RestoreFixture restore = new RestoreFixture(server, newStorage)) {
            InitialRestore.Outcome refused = initialRestore(restore, file, newStorage).runOnce();

            assertThat(refused.result()).as(refused.detail()).isEqualTo(InitialRestore.Result.FAILED);
            assertThat(restore.catalog.entries()).as("no backup left behind").isEmpty();
            assertThat(restore.catalog.successes()).isEmpty();
            assertThat(new dev.neo4jbackup.catalog.StateStore(newStorage).read().initialRestore()).isNull();
            assertThat(restore.events).anySatisfy(event -> assertThat(event).isInstanceOf(
                    RestoreEvents.RestoreFailed.class));
            assertThat(server.count("MATCH (n) RETURN count(n)")).isZero();
        }
    }

    @Test
    void neo4jDownIsNeo4jUnreachable() {
        try (Driver dead = GraphDatabase.driver("bolt://127.0.0.1:1", AuthTokens.basic("neo4j", "x"))) {
            RunReport report = fixture().driver(dead).build().run(BackupRequest.of(Trigger.MANUAL, "test", Kind.LOGICAL));
            assertThat(report.ok()).isFalse();
            assertThat(report.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.NEO4J_UNREACHABLE);
            assertThat(fixture().catalog().successes()).isEmpty();
        }
    }
}
