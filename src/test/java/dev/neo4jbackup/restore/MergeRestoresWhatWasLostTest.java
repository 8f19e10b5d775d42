package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * A user who deleted part of a graph by mistake merges the backup back: the relationships that survived are not
 * created a second time (a relationship between two matched nodes with the same type and properties is the same
 * relationship; parallel equal ones count), and afterwards the graph equals the backup: counts and content
 * fingerprint, which the merge's checks now say. Merging again changes nothing. A generated graph planted beside
 * the shared server's sample graph (which the backup leaves out, so the merge never touches it), taken out at the
 * end; the public wwc2019 graph too when ../shared has it.
 */
class MergeRestoresWhatWasLostTest {

    static final List<String> SAMPLE_LABELS = List.of("Person", "City", "Skill", "Company");

    @TempDir
    Path storage;

    @Test
    void aMergeIntoAGraphThatLostDataGivesBackTheBackupsGraphWithoutDuplicates() {
        Neo4jServer server = SharedNeo4j.get();
        try {
            server.run("CREATE CONSTRAINT lost_key IF NOT EXISTS FOR (n:Lost) REQUIRE n.key IS UNIQUE");
            server.run("CREATE CONSTRAINT lostdoc_key IF NOT EXISTS FOR (n:LostDoc) REQUIRE n.key IS UNIQUE");
            server.run("""
                    UNWIND range(1, 300) AS i
                    CREATE (a:Lost {key: i, name: 'n' + i, born: date('2000-01-01') + duration({days: i})})
                    CREATE (d:LostDoc {key: i, title: 't' + i, v: [i * 0.5, 1.0]})
                    CREATE (a)-[:WROTE {at: datetime('2020-01-01T00:00Z') + duration({hours: i})}]->(d)
                    CREATE (:LostNote {text: 'note ' + (i % 7)})
                    """);
            server.run("MATCH (a:Lost), (b:Lost) WHERE b.key = a.key % 300 + 1 CREATE (a)-[:LINKS {w: a.key % 5}]->(b)");
            // parallel equal relationships: two of each for a tenth of the nodes
            server.run("MATCH (a:Lost)-[r:LINKS]->(b) WHERE a.key % 10 = 0 CREATE (a)-[:LINKS {w: r.w}]->(b)");
            RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                    .set("kind", "logical").set("logical.exclude-labels", String.join(",", SAMPLE_LABELS)));
            String id = restore.backup();
            Manifest manifest = restore.catalog.require(id);
            String backup = manifest.logical().fingerprint();
            assertThat(fingerprint(server)).isEqualTo(backup);
            long nodes = count(server, "MATCH (n) WHERE n:Lost OR n:LostDoc OR n:LostNote RETURN count(n)");
            long relationships = count(server, "MATCH (n)-[r]->() WHERE n:Lost RETURN count(r)");

            // the mistake: a third of the Lost nodes, a third of the remaining LINKS, every note
            server.run("MATCH (n:Lost) WHERE n.key % 3 = 0 DETACH DELETE n");
            server.run("MATCH (:Lost)-[r:LINKS]->(:Lost) WHERE r.w = 1 DELETE r");
            server.run("MATCH (n:LostNote) DELETE n");
            assertThat(fingerprint(server)).isNotEqualTo(backup);

            for (int merge = 1; merge <= 2; merge++) {
                RestoreResult result = restore.restorer.restore(new RestoreRequest(id, null, null, false, false,
                        false, Mode.MERGE), Confirmer.YES);
                assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
                assertThat(result.checks()).filteredOn(c -> c.name().equals(LogicalChecks.FINGERPRINT))
                        .singleElement().satisfies(c -> assertThat(c.detail()).contains("exactly the backup's graph"));
                assertThat(fingerprint(server)).as("merge %d", merge).isEqualTo(backup);
                assertThat(count(server, "MATCH (n) WHERE n:Lost OR n:LostDoc OR n:LostNote RETURN count(n)"))
                        .isEqualTo(nodes);
                assertThat(count(server, "MATCH (n)-[r]->() WHERE n:Lost RETURN count(r)")).as("no duplicates")
                        .isEqualTo(relationships);
                ProofBeforeDestructionTest.assertTemporariesGone(server);
            }
        } finally {
            server.run("MATCH (n) WHERE n:Lost OR n:LostDoc OR n:LostNote CALL { WITH n DETACH DELETE n } IN "
                    + "TRANSACTIONS");
            server.run("DROP CONSTRAINT lost_key IF EXISTS");
            server.run("DROP CONSTRAINT lostdoc_key IF EXISTS");
        }
    }

    /** The public wwc2019 graph reduced as a user would by mistake; skipped without it in ../shared/datasets. */
    @Test
    void wwc2019WhenPresent() {
        Path dump = Path.of(System.getProperty("shared.dir", "../shared"), "datasets", "wwc2019.dump");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(dump), "no " + dump + " here: the generated "
                + "graph above covers the behaviour");
        // loading it replaces the shared server's database: a server of its own
        try (Neo4jServer server = Neo4jServer.create("wwc2019")) {
            server.load(dump, "neo4j");
            server.start();
            RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                    .set("kind", "logical"));
            String id = restore.backup();
            String backup = restore.catalog.require(id).logical().fingerprint();
            long relationships = count(server, "MATCH ()-[r]->() RETURN count(r)");
            server.run("MATCH (n) WITH n ORDER BY id(n) SKIP 2150 DETACH DELETE n");
            server.run("MATCH ()-[r]->() WITH r ORDER BY id(r) LIMIT 3000 DELETE r");
            restore.restorer.restore(new RestoreRequest(id, null, null, false, false, false, Mode.MERGE), Confirmer.YES);
            assertThat(count(server, "MATCH ()-[r]->() RETURN count(r)")).isEqualTo(relationships);
            assertThat(new LogicalExporter(server.driver()).fingerprint("neo4j", new ExportOptions(List.of(), List.of(),
                    20_000)).value()).isEqualTo(backup);
        }
    }

    private static String fingerprint(Neo4jServer server) {
        return new LogicalExporter(server.driver()).fingerprint("neo4j", new ExportOptions(List.of(), SAMPLE_LABELS,
                20_000)).value();
    }

    private static long count(Neo4jServer server, String query) {
        return server.count(query);
    }
}
