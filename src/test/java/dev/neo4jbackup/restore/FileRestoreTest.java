package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.testing.ApocNeo4j;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * {@code restore --file}: files the real APOC 5.26 writes ({@code apoc.export.json.all}, JSON lines, no header) and
 * our own (gzipped, with its header) come in through the same stages as a backup: proven whole first (a file cut in
 * the middle is refused with its line, nothing touched), clear-first and merge, checked against the file's counts
 * (and its header's fingerprint), a safety backup first. The file is never catalogued nor signed: only the safety
 * backups appear in the storage folder, and the output says it is an unsigned external file.
 */
class FileRestoreTest {

    @TempDir
    Path storage;

    @TempDir
    Path work;

    @Test
    void apocAndOurFilesRestoreInBothModesAndABadOneIsRefusedBeforeAnythingIsTouched() throws Exception {
        Assumptions.assumeTrue(ApocNeo4j.available(), ApocNeo4j.unavailableReason());
        try (Neo4jServer server = ApocNeo4j.start("file-restore")) {
            server.run("CREATE CONSTRAINT movie_title FOR (m:Movie) REQUIRE m.title IS UNIQUE");
            server.run("CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS UNIQUE");
            server.run("UNWIND range(1, 60) AS i CREATE (m:Movie {title: 'Movie ' + i, released: 1950 + i, "
                    + "rating: i * 0.1, tags: ['a', 'b']})");
            server.run("UNWIND range(1, 80) AS i MATCH (m:Movie {title: 'Movie ' + (i % 60 + 1)}) "
                    + "CREATE (:Person {name: 'Person ' + i, born: 1900 + i})-[:ACTED_IN {roles: ['r' + i]}]->(m)");
            server.run("MATCH (p:Person), (m:Movie) WHERE p.born % 10 = 0 AND m.released % 7 = 0 "
                    + "CREATE (p)-[:REVIEWED {stars: 3}]->(m)");
            String before = fingerprint(server);
            long nodes = server.count("MATCH (n) RETURN count(n)");
            long relationships = server.count("MATCH ()-[r]->() RETURN count(r)");
            server.run("CALL apoc.export.json.all('movies.json', {jsonFormat: 'JSON_LINES'})");
            Path apoc = Files.move(ApocNeo4j.importDir(server).resolve("movies.json"), work.resolve("movies.json"));
            assertThat(Files.readAllLines(apoc).get(0)).startsWith("{\"type\":\"node\"");
            Path ours = work.resolve("ours.jsonl.gz");
            Path plain = new LogicalExporter(server.driver()).export("neo4j", work, new ExportOptions(List.of(),
                    List.of(), 1000), new LogicalExporter.About(Instant.now(), "test", "other-host", "5.26"), d -> { })
                    .file();
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ours))) {
                Files.copy(plain, out);
            }

            RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                    .set("kind", "logical"));
            FileRestore files = new FileRestore(restore.catalog, new dev.neo4jbackup.catalog.StorageLock(
                    restore.catalog.root()), restore.runnerFixture.build(), restore.restorer, restore.targets,
                    new RestoreChecks(java.time.Duration.ofMinutes(1)), restore.tracker, java.time.Clock.systemUTC());

            // APOC's file, clear-first, into a changed database
            server.run("MATCH (n:Person) WHERE n.born % 3 = 0 DETACH DELETE n");
            server.run("CREATE (:Stray {x: 1})");
            List<String> lines = new ArrayList<>();
            RestoreResult result = files.restore(apoc, "neo4j", Mode.CLEAR_FIRST, true, Confirmer.YES,
                    (line, elapsed) -> lines.add(line));
            assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(lines).anyMatch(l -> l.contains("unsigned external file")).anyMatch(l -> l.startsWith("Proof: "));
            assertThat(result.checks()).extracting(RestoreChecks.Check::name).contains(RestoreChecks.GRAPH_COUNTS);
            assertThat(fingerprint(server)).isEqualTo(before);

            // APOC's file, merged into a graph that lost a third of its people: what was lost comes back, once
            server.run("MATCH (n:Person) WHERE n.born % 3 = 0 DETACH DELETE n");
            for (int i = 0; i < 2; i++) {
                files.restore(apoc, "neo4j", Mode.MERGE, false, Confirmer.YES, (line, elapsed) -> { });
                assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(nodes);
                assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(relationships);
                assertThat(fingerprint(server)).isEqualTo(before);
            }

            // ours, gzipped, with its header: its fingerprint is checked
            server.run("MATCH (n:Movie) WHERE n.released % 2 = 0 DETACH DELETE n");
            RestoreResult oursResult = files.restore(ours, "neo4j", Mode.CLEAR_FIRST, false, Confirmer.YES,
                    (line, elapsed) -> { });
            assertThat(oursResult.checks()).filteredOn(c -> c.name().equals(LogicalChecks.FINGERPRINT)).singleElement()
                    .satisfies(c -> assertThat(c.passed()).isTrue());
            assertThat(fingerprint(server)).isEqualTo(before);

            // APOC's file cut in the middle: refused with its line, nothing touched
            List<String> apocLines = Files.readAllLines(apoc);
            apocLines.set(apocLines.size() / 2, apocLines.get(apocLines.size() / 2).substring(0, 20));
            Path cut = Files.write(work.resolve("cut.json"), apocLines);
            server.run("CREATE (:Stray {x: 2})");
            String changed = fingerprint(server);
            Throwable refused = catchThrowable(() -> files.restore(cut, "neo4j", Mode.CLEAR_FIRST, true, Confirmer.YES,
                    (line, elapsed) -> { }));
            assertThat(refused).isInstanceOfSatisfying(BackupFailure.class, f -> {
                assertThat(f.code()).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID);
                assertThat(f.reason()).contains("Line " + (apocLines.size() / 2 + 1), "before anything was written");
            });
            assertThat(fingerprint(server)).isEqualTo(changed);

            // told like a backup's restore: each attempt counted once, the refusal alerted
            assertThat(restore.events).filteredOn(RestoreEvents.RestoreFinished.class::isInstance).map(
                    RestoreEvents.RestoreFinished.class::cast).satisfiesExactly(
                            f -> assertThat(f.succeeded()).isTrue(), f -> assertThat(f.succeeded()).isTrue(),
                            f -> assertThat(f.succeeded()).isTrue(), f -> assertThat(f.succeeded()).isTrue(),
                            f -> assertThat(f.failure().code()).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID))
                    .allSatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(RestoreEvents.RestoreFinished.RESTORE);
                        assertThat(f.database()).isEqualTo("neo4j");
                    });
            assertThat(restore.events).filteredOn(RestoreEvents.RestoreFailed.class::isInstance).map(
                    RestoreEvents.RestoreFailed.class::cast).singleElement().satisfies(f -> {
                        assertThat(f.failure().code()).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID);
                        assertThat(f.id()).contains("cut.json");
                    });

            // never catalogued: the storage folder holds the safety backups only
            assertThat(restore.catalog.successes()).isNotEmpty().allSatisfy(m -> assertThat(m.trigger())
                    .isEqualTo(Trigger.SAFETY));
            assertThat(restore.catalog.successes().stream().map(Manifest::archive)).noneMatch(a -> a.contains("movies"));
            assertThat(Files.exists(storage.resolve(".import.json"))).isFalse();
        }
    }

    private static String fingerprint(Neo4jServer server) {
        return new LogicalExporter(server.driver()).fingerprint("neo4j", new ExportOptions(List.of(), List.of(), 1000))
                .value();
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
