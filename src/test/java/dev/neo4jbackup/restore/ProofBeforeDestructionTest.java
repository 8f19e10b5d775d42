package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ImportBudget;
import dev.neo4jbackup.logical.LogicalImporter.Mode;
import dev.neo4jbackup.testing.ForgedLogicalBackup;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * Proof before destruction, on the shared server and a logical backup of its sample graph: files that are bad in
 * the middle (a map property, bad JSON, 501-deep nesting, a relationship to a missing node, an id twice, a line
 * over the cap) are refused by both modes with their line before anything is touched (no safety backup, no clear,
 * the fingerprint unchanged); a file that passes the proof but fails after the first write (Neo4j refuses a
 * duplicate key; an OutOfMemoryError; a StackOverflowError) is rolled back to the safety backup, the temporary
 * label and index gone; without a safety backup the failure says the database is partial and what to do.
 */
class ProofBeforeDestructionTest {

    @TempDir
    Path storage;

    private static UnaryOperator<List<String>> at(int index, UnaryOperator<String> change) {
        return lines -> {
            List<String> out = new ArrayList<>(lines);
            int i = index < 0 ? out.size() + index : index;
            out.set(i, change.apply(out.get(i)));
            return out;
        };
    }

    static Map<String, UnaryOperator<List<String>>> forgeries(int middle) {
        Map<String, UnaryOperator<List<String>>> forged = new LinkedHashMap<>();
        forged.put("a map property", at(middle, l -> l.replace("\"properties\":{", "\"properties\":{\"m\":{\"a\":1},")));
        forged.put("bad JSON", at(middle, l -> l.substring(0, l.length() / 2)));
        forged.put("501-deep nesting", at(middle, l -> l.replace("\"properties\":{", "\"properties\":{\"deep\":"
                + "[".repeat(501) + "]".repeat(501) + ",")));
        forged.put("a relationship to a missing node", at(-1, l -> l.replaceFirst("\"end\":\\{\"id\":\"\\d+\"",
                "\"end\":{\"id\":\"999999999\"")));
        forged.put("a node id twice", lines -> {
            List<String> out = new ArrayList<>(lines);
            out.add(2, out.get(1));
            return out;
        });
        forged.put("a line over the cap", at(middle, l -> l.replace("\"properties\":{", "\"properties\":{\"long\":\""
                + "x".repeat(100_000) + "\",")));
        return forged;
    }

    private RestoreFixture fixture(Neo4jServer server) {
        RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, storage).stopMode(StopMode.NONE)
                .set("kind", "logical").compression(Compression.NONE));
        restore.restorer.logicalWith(new ImportBudget(1000, 1024 * 1024), 64 * 1024);
        return restore;
    }

    @Test
    void aFileBadInTheMiddleIsRefusedWithItsLineBeforeAnythingIsTouched() {
        Neo4jServer server = SharedNeo4j.get();
        RestoreFixture restore = fixture(server);
        String id = restore.backup();
        ForgedLogicalBackup forge = new ForgedLogicalBackup(storage, id);
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        int lines = (int) server.count("MATCH (n) RETURN count(n)") / 2;
        for (Map.Entry<String, UnaryOperator<List<String>>> forged : forgeries(lines).entrySet()) {
            forge.forgeLines(forged.getValue());
            for (Mode mode : Mode.values()) {
                Throwable thrown = catchThrowable(() -> restore.restorer.restore(new RestoreRequest(id, null, null,
                        false, false, true, mode, true), Confirmer.YES));
                String what = forged.getKey() + ", " + mode;
                assertThat(thrown).as(what).isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).as(what).isEqualTo(ErrorCode.LOGICAL_FORMAT_INVALID);
                    assertThat(f.reason()).as(what).containsPattern("Line \\d+").contains("before anything was "
                            + "written");
                });
                assertThat(GraphFingerprint.of(server.driver())).as(what).isEqualTo(before);
                assertThat(restore.catalog.successes()).as(what + ": no safety backup").hasSize(1);
                assertThat(restore.tracker.current().state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
                assertThat(restore.tracker.current().message()).as(what).contains("refused before anything was "
                        + "touched");
            }
        }
    }

    /** Two Person nodes with the same id: the proof passes (values are fine), Neo4j's constraint refuses the write. */
    private static UnaryOperator<List<String>> duplicateKey() {
        return lines -> {
            List<String> out = new ArrayList<>(lines);
            List<Integer> people = new ArrayList<>();
            for (int i = 1; i < out.size() && people.size() < 2; i++) {
                if (out.get(i).contains("\"labels\":[\"Person\"]")) {
                    people.add(i);
                }
            }
            String firstId = out.get(people.get(0)).replaceAll(".*\"properties\":\\{[^}]*?\"id\":(\\d+).*", "$1");
            out.set(people.get(1), out.get(people.get(1)).replaceAll("(\"properties\":\\{[^}]*?\"id\":)\\d+",
                    "$1" + firstId));
            return out;
        };
    }

    @Test
    void anyFailureAfterTheFirstWriteRollsBackAndWithoutASafetyBackupSaysPartial() {
        Neo4jServer server = SharedNeo4j.get();
        RestoreFixture restore = fixture(server);
        String id = restore.backup();
        ForgedLogicalBackup forge = new ForgedLogicalBackup(storage, id);
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        try {
            forge.forgeLines(duplicateKey());
            Throwable refused = catchThrowable(() -> restore.restorer.restore(new RestoreRequest(id, null, null, false,
                    false, true, Mode.CLEAR_FIRST, true), Confirmer.YES));
            assertThat(refused).isInstanceOfSatisfying(BackupFailure.class, f -> {
                assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_FAILED);
                assertThat(f.reason()).contains("Neo4j refused a write");
                assertThat(f.numbers()).contains("Written before it stopped:", "after clearing neo4j");
                assertThat(f.action()).contains("rolled back to the safety backup");
            });
            assertRolledBack(server, restore, before, "a duplicate key");

            forge.restoreOriginal();
            // an Error out of the import's own thread, after the clear (a progress line's RuntimeException is only
            // logged: a broken terminal must not break a restore); Neo4j's refusal above was a RuntimeException
            for (Throwable error : List.of(new OutOfMemoryError("injected"), new StackOverflowError("injected"))) {
                boolean[] thrown = {false};
                Throwable failed = catchThrowable(() -> restore.restorer.restore(new RestoreRequest(id, null, null,
                        false, false, true, Mode.CLEAR_FIRST), Confirmer.YES, (line, elapsed) -> {
                            if (line.startsWith("Cleared ") && !thrown[0]) {
                                thrown[0] = true; // after the clear: the first write is done
                                throwUnchecked(error);
                            }
                        }));
                assertThat(failed).as(error.toString()).isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(
                        f.reason()).contains(error instanceof OutOfMemoryError ? "ran out of heap" : "StackOverflowError"));
                assertRolledBack(server, restore, before, error.toString());
            }

            forge.forgeLines(duplicateKey());
            Throwable partial = catchThrowable(() -> restore.restorer.restore(new RestoreRequest(id, null, null, false,
                    false, false, Mode.CLEAR_FIRST, true), Confirmer.YES));
            assertThat(partial).isInstanceOfSatisfying(BackupFailure.class, f -> {
                assertThat(f.numbers()).contains("Written before it stopped:");
                assertThat(f.action()).contains("PARTIAL: neo4j holds a partial import", "--no-safety-backup",
                        "neo4j-backup restore");
            });
            assertThat(restore.tracker.current().message()).contains("PARTIAL");
            assertTemporariesGone(server);
        } finally {
            forge.restoreOriginal();
            restore.restorer.restore(new RestoreRequest(id, null, null, false, false, false, Mode.CLEAR_FIRST),
                    Confirmer.YES);
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
    }

    private static void assertRolledBack(Neo4jServer server, RestoreFixture restore, GraphFingerprint.Print before,
            String what) {
        assertThat(GraphFingerprint.of(server.driver())).as(what).isEqualTo(before);
        assertThat(restore.tracker.current().state()).as(what).isEqualTo(RecoveryState.RECOVERY_FAILED);
        assertThat(restore.tracker.current().message()).as(what).contains("rolled back to the safety backup");
        assertTemporariesGone(server);
        assertThat(ImportMarker.read(restore.catalog.root())).as(what + ": the marker is gone").isEmpty();
    }

    static void assertTemporariesGone(Neo4jServer server) {
        assertThat(server.count("MATCH (n:__BackupImport) RETURN count(n)")).isZero();
        assertThat(server.count("MATCH (n) WHERE n.__backup_import_id IS NOT NULL RETURN count(n)")).isZero();
        assertThat(server.count("SHOW INDEXES YIELD name WHERE name STARTS WITH '__backup' RETURN count(*)")).isZero();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }
}
