package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.testing.ForgedLogicalBackup;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;
import tools.jackson.databind.node.ObjectNode;

/**
 * Forged logical backups, consistent as anyone who can write the storage folder makes them (file, checksum file
 * and manifest agree): a header whose schema holds {@code MATCH (n) DETACH DELETE n}, {@code CREATE USER},
 * {@code CALL dbms...}, {@code LOAD CSV}, joined statements, entries of the wrong type or names that break out of
 * their quotes; and manifests without their fingerprint or counts. Each is refused by validate, by a restore in
 * either mode and by the drill, before anything is written, and never marked VALIDATED; the importer on its
 * own refuses the forged headers before it clears anything. The shared server keeps its fingerprint, schema and
 * users throughout.
 */
class ForgedLogicalBackupTest {

    static final String BREAKOUT = "A\\u0060) MATCH (m) DETACH DELETE m //";

    @TempDir
    Path storage;

    /** Each forged header, with the code it is refused by at validation. */
    static Map<String, Consumer<ObjectNode>> forgedHeaders() {
        Map<String, Consumer<ObjectNode>> forged = new LinkedHashMap<>();
        forged.put("DETACH DELETE as an index", format1(List.of(), List.of("MATCH (n) DETACH DELETE n")));
        forged.put("CREATE USER as a constraint", format1(List.of("CREATE USER pwned SET PASSWORD 'xxxxxxxxxx' "
                + "CHANGE NOT REQUIRED"), List.of()));
        forged.put("CALL dbms", format1(List.of(), List.of("CALL dbms.security.createUser('pwned', 'xxxxxxxxxx', "
                + "false)")));
        forged.put("LOAD CSV", format1(List.of(), List.of("LOAD CSV FROM 'file:///etc/passwd' AS l CREATE "
                + "(:Leak {l: l})")));
        forged.put("joined statements", format1(List.of(), List.of("CREATE RANGE INDEX `a` FOR (n:`A`) ON (n.`b`); "
                + "MATCH (n) DETACH DELETE n")));
        forged.put("a name breaking out of its quotes (format 1)", format1(List.of(), List.of(
                "CREATE RANGE INDEX `a` FOR (n:`" + BREAKOUT + "`) ON (n.`b`)")));
        forged.put("constraints [42]", h -> h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(List.of(42),
                List.of()))));
        forged.put("a name breaking out of its quotes (format 2)", h -> h.set("schema", ForgedLogicalBackup.json(
                ForgedLogicalBackup.schema(List.of(), List.of(Map.of("kind", "RANGE", "name", "a", "entity", "NODE",
                        "labelsOrTypes", List.of(BREAKOUT), "properties", List.of("b"), "options", Map.of()))))));
        forged.put("a statement field (format 2)", h -> h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(
                List.of(Map.of("kind", "UNIQUENESS", "name", "c", "entity", "NODE", "labelsOrTypes", List.of("A"),
                        "properties", List.of("b"), "statement", "MATCH (n) DETACH DELETE n")), List.of()))));
        forged.put("a user as a kind (format 2)", h -> h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(
                List.of(Map.of("kind", "USER", "name", "pwned", "entity", "NODE", "labelsOrTypes", List.of("A"),
                        "properties", List.of("b"))), List.of()))));
        return forged;
    }

    private static Consumer<ObjectNode> format1(List<String> constraints, List<String> indexes) {
        return h -> {
            h.put("format", "neo4j-backup-logical/1");
            h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(constraints, indexes)));
        };
    }

    @Test
    void forgedHeadersAndManifestsAreRefusedBeforeAnyWriteAndNeverValidated() {
        Neo4jServer server = SharedNeo4j.get();
        RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                .set("kind", "logical").compression(dev.neo4jbackup.domain.Compression.NONE));
        String id = restore.backup();
        ForgedLogicalBackup forge = new ForgedLogicalBackup(storage, id);
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        List<String> users = users(server);
        List<String> schema = schema(server);

        for (Map.Entry<String, Consumer<ObjectNode>> forged : forgedHeaders().entrySet()) {
            forge.forgeHeader(forged.getValue());
            refusedEverywhere(restore, id, forged.getKey(), ErrorCode.LOGICAL_FORMAT_INVALID);
            // the importer on its own, clear-first: refused before it clears anything
            List<String> lines = new ArrayList<>();
            assertThatThrownBy(() -> new LogicalImporter(server.driver(), 1000).importFile(forge.archive(), "neo4j",
                    LogicalImporter.Mode.CLEAR_FIRST, lines::add)).as(forged.getKey())
                    .isInstanceOfSatisfying(BackupFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID);
                        assertThat(f.reason()).contains("Line 1 (the header)", "refused before anything was written");
                    });
            assertThat(lines).as(forged.getKey()).isEmpty();
            assertUnchanged(server, before, users, schema, forged.getKey());
        }

        Map<String, Consumer<ObjectNode>> forgedManifests = new LinkedHashMap<>();
        forgedManifests.put("no fingerprint", m -> ((ObjectNode) m.get("logical")).remove("fingerprint"));
        forgedManifests.put("no logical facts", m -> m.remove("logical"));
        forgedManifests.put("no counts", m -> m.remove("graph"));
        forgedManifests.put("another fingerprint", m -> ((ObjectNode) m.get("logical")).put("fingerprint",
                "0123456789abcdef0123456789abcdef"));
        forgedManifests.put("other counts", m -> ((ObjectNode) m.get("graph")).put("nodes", 1));
        for (Map.Entry<String, Consumer<ObjectNode>> forged : forgedManifests.entrySet()) {
            forge.forgeManifest(forged.getValue());
            refusedEverywhere(restore, id, forged.getKey(), ErrorCode.BACKUP_INVALID);
            assertUnchanged(server, before, users, schema, forged.getKey());
        }

        // the real backup, put back, validates: the refusals above were of the forgeries
        forge.restoreOriginal();
        assertThat(restore.validator.validate(id, false).manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
    }

    /**
     * A file of format 1, as the tool wrote it before: the header's schema is Neo4j's own createStatements (read
     * here from the server, as the old exporter read them). It restores: each statement read against the
     * grammar, rebuilt, never run; the graph, its schema and its fingerprint come back.
     */
    @Test
    void aFormat1FileOfCreateStatementsStillRestores() {
        Neo4jServer server = SharedNeo4j.get();
        RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                .set("kind", "logical").compression(dev.neo4jbackup.domain.Compression.NONE));
        String id = restore.backup();
        List<String> constraints = server.run("SHOW CONSTRAINTS YIELD name, createStatement RETURN createStatement "
                + "ORDER BY name").stream().map(r -> r.get(0).asString()).toList();
        List<String> indexes = server.run("SHOW INDEXES YIELD name, owningConstraint, createStatement WHERE "
                + "owningConstraint IS NULL RETURN createStatement ORDER BY name").stream().map(r -> r.get(0)
                        .asString()).toList();
        assertThat(constraints).isNotEmpty();
        assertThat(indexes).anyMatch(i -> i.startsWith("CREATE RANGE INDEX")).anyMatch(i -> i.startsWith(
                "CREATE LOOKUP INDEX"));
        new ForgedLogicalBackup(storage, id).forgeHeader(h -> {
            h.put("format", "neo4j-backup-logical/1");
            h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(constraints, indexes)));
            ((ObjectNode) h.get("counts")).remove("indexes");
            ((ObjectNode) h.get("counts")).remove("constraints");
        });
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        List<String> schema = schema(server);
        server.run("DROP INDEX company_name IF EXISTS");
        RestoreResult result = restore.restorer.restore(new RestoreRequest(id, null, null, false, false, false,
                LogicalImporter.Mode.CLEAR_FIRST), Confirmer.YES);
        assertThat(result.outcome()).as("%s", result.lines()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(result.lines()).anyMatch(l -> l.contains("read from format 1 statements"));
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
        assertThat(schema(server)).isEqualTo(schema);
    }

    private static void refusedEverywhere(RestoreFixture restore, String id, String what, ErrorCode code) {
        assertThatThrownBy(() -> restore.validator.validate(id, false)).as(what + ": validate")
                .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code()).isEqualTo(code));
        for (LogicalImporter.Mode mode : LogicalImporter.Mode.values()) {
            assertThatThrownBy(() -> restore.restorer.restore(new RestoreRequest(id, null, null, false, false, true,
                    mode), Confirmer.YES)).as(what + ": restore " + mode).isInstanceOfSatisfying(BackupFailure.class,
                            f -> assertThat(f.code()).isEqualTo(code));
        }
        assertThatThrownBy(() -> restore.restorer.drill(new RestoreRequest(id, "neo4j", null, false, false, false)))
                .as(what + ": drill").isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code())
                        .isEqualTo(code));
        Manifest now = restore.catalog.require(id);
        assertThat(now.status()).as(what).isEqualTo(Manifest.Status.COMPLETE);
        assertThat(restore.catalog.successes()).as(what + ": no safety backup was taken").hasSize(1);
    }

    private static void assertUnchanged(Neo4jServer server, GraphFingerprint.Print before, List<String> users,
            List<String> schema, String what) {
        assertThat(GraphFingerprint.of(server.driver())).as(what).isEqualTo(before);
        assertThat(users(server)).as(what).isEqualTo(users);
        assertThat(schema(server)).as(what).isEqualTo(schema);
        assertThat(server.count("MATCH (n) WHERE n:Leak OR n:A RETURN count(n)")).as(what).isZero();
    }

    static List<String> users(Neo4jServer server) {
        try (var session = server.driver().session(org.neo4j.driver.SessionConfig.forDatabase("system"))) {
            return session.run("SHOW USERS YIELD user RETURN user ORDER BY user").list(r -> r.get("user").asString());
        }
    }

    private static List<String> schema(Neo4jServer server) {
        List<String> names = new ArrayList<>();
        server.run("SHOW INDEXES YIELD name RETURN name ORDER BY name").forEach(r -> names.add(r.get(0).asString()));
        server.run("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name").forEach(r -> names.add("c:" + r.get(0)
                .asString()));
        return names;
    }
}
