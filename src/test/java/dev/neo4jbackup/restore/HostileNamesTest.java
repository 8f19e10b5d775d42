package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.exceptions.ClientException;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ExportOptions;
import dev.neo4jbackup.logical.LogicalExporter;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * One graph whose labels, relationship types and property keys are each of a table of hostile names, planted
 * beside the shared server's sample graph (with the write access any user has, names as parameters), plus the
 * exploit of issue 28: a label holding the six characters {@code \u0060} that turned into a closing backtick
 * inside quoting that only doubled real backticks, and wiped the database during a backup's preflight. The
 * preflight's graph stats, {@code create --dry-run}, a logical backup restored clear-first and by merge, and a
 * dump backup loaded back all leave the names exactly as they were, the counts and the fingerprint equal, and
 * nothing else changed; the graph is taken out again at the end, so the shared server holds its sample graph.
 * Names Neo4j itself refuses (empty, NUL) are refused by Neo4j when they are created.
 */
class HostileNamesTest {

    static final String EXPLOIT = "Y\\u0060) WITH count(*) AS c0 MATCH (m) DETACH DELETE m RETURN count(*) AS c //";

    /** Every name is used as a label, a relationship type and a property key (and the value of that key). */
    static final Map<String, String> NAMES = names();

    private static Map<String, String> names() {
        Map<String, String> n = new LinkedHashMap<>();
        n.put("escaped backtick (6 characters)", "\\u0060");
        n.put("escaped backslash and backtick", "\\\\u0060");
        n.put("real backticks", "a`b``c`");
        n.put("single quote", "it's");
        n.put("double quote", "say \"hi\"");
        n.put("line comment", "// comment");
        n.put("block comment", "/* open");
        n.put("dollar", "$param");
        n.put("braces", "{x: 1}");
        n.put("newline", "line\nbreak");
        n.put("RTL override U+202E", "rtl\u202emark");
        n.put("64 KB", "L".repeat(64 * 1024));
        n.put("keyword MATCH", "MATCH");
        n.put("keywords DETACH DELETE", "DETACH DELETE");
        n.put("the exploit", EXPLOIT);
        return n;
    }

    @TempDir
    Path storage;

    @Test
    void hostileNamesSurvivePreflightDryRunAndEveryBackupAndRestoreExactly() {
        Neo4jServer server = SharedNeo4j.get();
        GraphFingerprint.Print sample = GraphFingerprint.of(server.driver());
        GraphStats sampleStats = new GraphStatsReader(server.driver()).read("neo4j");
        List<String> users = users(server);
        try {
            plant(server);
            GraphFingerprint.Print planted = GraphFingerprint.of(server.driver());
            assertThat(planted.nodes()).isEqualTo(sample.nodes() + 2L * NAMES.size());

            // preflight's graph stats: every name comes back as data, the exploit never runs
            GraphStats stats = new GraphStatsReader(server.driver()).read("neo4j");
            for (String name : NAMES.values()) {
                assertThat(stats.labels()).as(shown(name)).containsEntry(name, 1L);
                assertThat(stats.relationshipTypes()).as(shown(name)).containsEntry(name, 1L);
            }
            assertThat(stats.nodes()).isEqualTo(planted.nodes());
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(planted);

            // create --dry-run: preflight only
            RunReport dry = new RunnerFixture(server, storage.resolve("dry")).build().run(new BackupRequest(
                    Trigger.MANUAL, "dry run", List.of(), true));
            assertThat(dry.ok()).as("%s", dry.firstFailure()).isTrue();
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(planted);

            logicalRoundTrips(server, planted);
            dumpRoundTrip(server, planted);
            assertThat(users(server)).isEqualTo(users);
        } finally {
            unplant(server);
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(sample);
        assertThat(new GraphStatsReader(server.driver()).read("neo4j")).isEqualTo(sampleStats);
    }

    /** Names Neo4j refuses are refused by Neo4j at creation, before any backup could meet them. */
    @Test
    void namesNeo4jRefusesAreRefusedByNeo4jAtCreation() {
        Neo4jServer server = SharedNeo4j.get();
        for (String name : List.of("nul\0byte", "")) {
            assertThatThrownBy(() -> server.run("CREATE (n:$($l))", Map.of("l", name)))
                    .isInstanceOf(ClientException.class).hasMessageContaining("is not a valid token name");
            assertThatThrownBy(() -> server.run("CREATE (n:HostileRefused) SET n[$k] = 1", Map.of("k", name)))
                    .isInstanceOf(ClientException.class);
        }
        assertThat(server.count("MATCH (n:HostileRefused) RETURN count(n)")).isZero();
    }

    private void logicalRoundTrips(Neo4jServer server, GraphFingerprint.Print planted) {
        RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage.resolve("logical"))
                .stopMode(StopMode.NONE).set("kind", "logical"));
        RunReport report = restore.runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "hostile names"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        Manifest manifest = report.outcomes().get(0).manifest();
        assertThat(manifest.graph().labels()).containsAllEntriesOf(expectedCounts());
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(planted);

        damage(server);
        RestoreResult cleared = restore.restorer.restore(new RestoreRequest(manifest.id(), null, null, false, false,
                false, LogicalImporter.Mode.CLEAR_FIRST), Confirmer.YES);
        assertThat(cleared.outcome()).as("%s", cleared.lines()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(cleared.checks()).allMatch(RestoreChecks.Check::passed);
        assertExactly(server, planted);

        // merge into an empty database: the same content, each entity with the merge's key beside it
        server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
        RestoreResult merged = restore.restorer.restore(new RestoreRequest(manifest.id(), null, null, false, false,
                false, LogicalImporter.Mode.MERGE), Confirmer.YES);
        assertThat(merged.outcome()).as("%s", merged.lines()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(new LogicalExporter(server.driver()).fingerprint("neo4j", new ExportOptions(List.of(
                LogicalImporter.MERGE_KEY), List.of(), 1000)).value()).isEqualTo(manifest.logical().fingerprint());
        server.run("MATCH (n) WHERE n." + LogicalImporter.MERGE_KEY + " IS NOT NULL REMOVE n."
                + LogicalImporter.MERGE_KEY);
        server.run("MATCH ()-[r]->() WHERE r." + LogicalImporter.MERGE_KEY + " IS NOT NULL REMOVE r."
                + LogicalImporter.MERGE_KEY);
        assertExactly(server, planted);
        assertThat(restore.catalog.require(manifest.id()).status()).isEqualTo(Manifest.Status.VALIDATED);

        // an index on a label the quoting function refuses: the logical export says so, publishes nothing
        server.run("CREATE INDEX hostile_unquotable IF NOT EXISTS FOR (n:`a\\b`) ON (n.x)"); // the label a\b
        try {
            RunReport refused = restore.runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "unquotable"));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.firstFailure().orElseThrow().code()).isEqualTo(ErrorCode.NAME_UNSAFE);
            assertThat(refused.firstFailure().orElseThrow().reason()).contains("hostile_unquotable")
                    .contains("backslash");
            assertThat(restore.catalog.successes()).extracting(Manifest::id).containsExactly(manifest.id());
        } finally {
            server.run("DROP INDEX hostile_unquotable IF EXISTS");
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(planted);
    }

    private void dumpRoundTrip(Neo4jServer server, GraphFingerprint.Print planted) {
        try (RestoreFixture restore = new RestoreFixture(server, storage.resolve("dump"))) {
            String id = restore.backup();
            assertThat(restore.catalog.require(id).graph().labels()).containsAllEntriesOf(expectedCounts());
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(planted);
            damage(server);
            RestoreResult loaded = restore.restorer.restore(new RestoreRequest(id, null, null, false, false, false),
                    Confirmer.YES);
            assertThat(loaded.outcome()).as("%s", loaded.lines()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(loaded.checks()).allMatch(RestoreChecks.Check::passed);
            assertExactly(server, planted);
        }
    }

    /** The same graph, and each name exactly: one node with the label, one relationship of the type, the key. */
    private static void assertExactly(Neo4jServer server, GraphFingerprint.Print planted) {
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(planted);
        for (String name : NAMES.values()) {
            List<org.neo4j.driver.Record> rows = server.run("MATCH (a:$($name))-[r:$($name)]->(b:Hostile) "
                    + "RETURN a[$name] AS v, r[$name] AS w, [l IN labels(a) WHERE l <> 'Hostile'] AS labels, "
                    + "type(r) AS type, keys(a) AS keys", Map.of("name", name));
            assertThat(rows).as(shown(name)).hasSize(1);
            assertThat(rows.get(0).get("v").asString()).isEqualTo(name);
            assertThat(rows.get(0).get("w").asString()).isEqualTo(name);
            assertThat(rows.get(0).get("type").asString()).isEqualTo(name);
            assertThat(rows.get(0).get("keys").asList()).contains(name);
            assertThat(rows.get(0).get("labels").asList()).contains(name);
        }
        assertThat(server.count("MATCH (n:Doc:Hostile) RETURN count(n)")).isEqualTo(1);
    }

    private static void plant(Neo4jServer server) {
        int i = 0;
        for (String name : NAMES.values()) {
            i++;
            // the exploit as the issue planted it: CREATE (n:Doc:$($l)), with the write access any user has
            List<String> labels = name.equals(EXPLOIT) ? List.of("Doc", name) : List.of(name);
            server.run("CREATE (a:Hostile:$($labels) {hostileId: $i}) SET a[$name] = $name "
                    + "CREATE (a)-[r:$($name)]->(:Hostile {hostileId: -$i}) SET r[$name] = $name",
                    Map.of("name", name, "labels", labels, "i", i));
        }
        // schema on names that quote safely, with names that only a parameter carries
        server.run("CREATE CONSTRAINT $name IF NOT EXISTS FOR (n:`it's`) REQUIRE n.`say \"hi\"` IS UNIQUE",
                Map.of("name", "hostile c `//` $x {}"));
        server.run("CREATE INDEX $name IF NOT EXISTS FOR (n:`MATCH`) ON (n.`DETACH DELETE`)",
                Map.of("name", "hostile \\u0060 index"));
        server.run("CREATE FULLTEXT INDEX $name IF NOT EXISTS FOR (n:`a``b````c```|`/* open`) ON EACH [n.`{x: 1}`, "
                + "n.`// comment`]", Map.of("name", "hostile fulltext"));
    }

    /** Takes out a part of the hostile graph and writes something that was not there. */
    private static void damage(Neo4jServer server) {
        server.run("MATCH (n:Hostile) WHERE n.hostileId % 2 = 0 DETACH DELETE n");
        server.run("CREATE (:Intruder {name: 'written after the backup'})");
        server.run("DROP INDEX $name IF EXISTS", Map.of("name", "hostile fulltext"));
        assertThat(server.count("MATCH (n:Intruder) RETURN count(n)")).isEqualTo(1);
    }

    private static void unplant(Neo4jServer server) {
        server.run("MATCH (n) WHERE n:Hostile OR n:Intruder OR n." + LogicalImporter.MERGE_KEY + " IS NOT NULL "
                + "DETACH DELETE n");
        for (String name : List.of("hostile c `//` $x {}")) {
            server.run("DROP CONSTRAINT $name IF EXISTS", Map.of("name", name));
        }
        for (String name : List.of("hostile \\u0060 index", "hostile fulltext", "hostile_unquotable")) {
            server.run("DROP INDEX $name IF EXISTS", Map.of("name", name));
        }
    }

    private static Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        NAMES.values().forEach(n -> counts.put(n, 1L));
        counts.put("Hostile", 2L * NAMES.size());
        counts.put("Doc", 1L);
        return counts;
    }

    private static List<String> users(Neo4jServer server) {
        try (var session = server.driver().session(org.neo4j.driver.SessionConfig.forDatabase("system"))) {
            return new ArrayList<>(session.run("SHOW USERS YIELD user RETURN user ORDER BY user").list(
                    r -> r.get("user").asString()));
        }
    }

    private static String shown(String name) {
        return dev.neo4jbackup.neo4j.CypherNames.shown(name);
    }
}
