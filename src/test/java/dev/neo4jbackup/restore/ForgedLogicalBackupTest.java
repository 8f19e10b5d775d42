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

import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.signing.Trust;
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
 * their quotes; and manifests without their fingerprint or counts. Without the service's key the forger cannot
 * sign, so two layers refuse each one, both before anything is written and without marking it VALIDATED: the
 * signature (BACKUP_UNTRUSTED from validate, a restore in either mode and the drill, whether the forged manifest
 * keeps the real one's signature or has none), and, once an operator accepts it anyway ({@code --trust-unsigned}),
 * the schema and manifest checks (validate and a restore in either mode; {@code validate --sign} signs none of
 * them; the drill has no override). The importer
 * on its own refuses the forged headers before it clears anything. The shared server keeps its fingerprint,
 * schema and users throughout.
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
            refusedEverywhere(restore, forge, id, forged.getKey(), ErrorCode.LOGICAL_FORMAT_INVALID);
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
            refusedEverywhere(restore, forge, id, forged.getKey(), ErrorCode.BACKUP_INVALID);
            assertUnchanged(server, before, users, schema, forged.getKey());
        }

        // the real backup, put back, validates: the refusals above were of the forgeries
        forge.restoreOriginal();
        assertThat(restore.validator.validate(id, false).manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
    }

    /**
     * A file of format 1, as the tool wrote it before: the header's schema is Neo4j's own createStatements (read
     * here from the server, as the old exporter read them), and its manifest carries no signature (signing came
     * after it). The operator vouches for it as docs/signing.md says for backups from before the upgrade
     * ({@code validate --sign}: the validation, which reads the statements against the grammar, passes and signs).
     * Then it restores without an override: each statement read against the grammar, rebuilt, never run; the
     * graph, its schema and its fingerprint come back.
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
        ForgedLogicalBackup old = new ForgedLogicalBackup(storage, id);
        old.forgeHeader(h -> {
            h.put("format", "neo4j-backup-logical/1");
            h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(constraints, indexes)));
            ((ObjectNode) h.get("counts")).remove("indexes");
            ((ObjectNode) h.get("counts")).remove("constraints");
        });
        old.withoutSignature();
        assertThatThrownBy(() -> restore.restorer.restore(new RestoreRequest(id, null, null, false, false, false,
                LogicalImporter.Mode.CLEAR_FIRST), Confirmer.YES)).as("unsigned, not vouched for")
                .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code())
                        .isEqualTo(ErrorCode.BACKUP_UNTRUSTED));
        BackupValidator.Validation signed = restore.validator.sign(id, false);
        assertThat(signed.manifest().status()).isEqualTo(Manifest.Status.VALIDATED);
        assertThat(trust(restore, id)).isEqualTo(Trust.signed(restore.catalog.signer().keyId()));
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

    /**
     * The forgery as it lies in the folder (the real manifest's signature kept: UNTRUSTED), then without a signature
     * (UNSIGNED): refused as BACKUP_UNTRUSTED without an override; with the operator's override still refused,
     * by the schema or manifest checks with {@code code}.
     */
    private static void refusedEverywhere(RestoreFixture restore, ForgedLogicalBackup forge, String id, String what,
            ErrorCode code) {
        assertThat(trust(restore, id).state()).as(what).isEqualTo(Trust.State.UNTRUSTED);
        refusedWithoutOverride(restore, id, what + " (UNTRUSTED)");
        forge.withoutSignature();
        assertThat(trust(restore, id).state()).as(what).isEqualTo(Trust.State.UNSIGNED);
        refusedWithoutOverride(restore, id, what + " (UNSIGNED)");

        // the operator accepts it (--trust-unsigned): what it holds is still checked, and refused
        assertThatThrownBy(() -> restore.validator.validate(id, false, TrustOverride.OPERATOR))
                .as(what + ": validate --trust-unsigned").isInstanceOfSatisfying(BackupFailure.class,
                        f -> assertThat(f.code()).isEqualTo(code));
        for (LogicalImporter.Mode mode : LogicalImporter.Mode.values()) {
            assertThatThrownBy(() -> restore.restorer.restore(new RestoreRequest(id, null, null, false, false, true,
                    mode, true), Confirmer.YES)).as(what + ": restore --trust-unsigned " + mode)
                    .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code()).isEqualTo(code));
        }
        // nor does an operator's validate --sign sign it: only a passed validation is signed
        assertThatThrownBy(() -> restore.validator.sign(id, false)).as(what + ": validate --sign")
                .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code()).isEqualTo(code));
        assertThat(trust(restore, id).state()).as(what + ": after validate --sign").isEqualTo(Trust.State.UNSIGNED);
        assertNeitherValidatedNorSafetyBackedUp(restore, id, what);
    }

    /** Validate, a restore in either mode and the drill (which has no override): BACKUP_UNTRUSTED. */
    private static void refusedWithoutOverride(RestoreFixture restore, String id, String what) {
        assertThatThrownBy(() -> restore.validator.validate(id, false)).as(what + ": validate")
                .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code())
                        .isEqualTo(ErrorCode.BACKUP_UNTRUSTED));
        for (LogicalImporter.Mode mode : LogicalImporter.Mode.values()) {
            assertThatThrownBy(() -> restore.restorer.restore(new RestoreRequest(id, null, null, false, false, true,
                    mode), Confirmer.YES)).as(what + ": restore " + mode).isInstanceOfSatisfying(BackupFailure.class,
                            f -> assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_UNTRUSTED));
        }
        assertThatThrownBy(() -> restore.restorer.drill(new RestoreRequest(id, "neo4j", null, false, false, false)))
                .as(what + ": drill").isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.code())
                        .isEqualTo(ErrorCode.BACKUP_UNTRUSTED));
        assertNeitherValidatedNorSafetyBackedUp(restore, id, what);
    }

    private static void assertNeitherValidatedNorSafetyBackedUp(RestoreFixture restore, String id, String what) {
        Manifest now = restore.catalog.require(id);
        assertThat(now.status()).as(what).isEqualTo(Manifest.Status.COMPLETE);
        // every manifest of the folder, UNTRUSTED ones too: a safety backup would be a second one
        assertThat(restore.catalog.entries()).as(what + ": no safety backup was taken").hasSize(1);
    }

    private static Trust trust(RestoreFixture restore, String id) {
        return restore.catalog.entry(BackupId.parse(id)).map(CatalogEntry::trust).orElseThrow();
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
