package dev.neo4jbackup.cli;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * Every command end to end, as an operator runs it: the real Neo4j, a temporary storage folder, the
 * service's own wiring, and the printed output and exit code checked.
 */
@ExtendWith(Neo4jExtension.class)
class CliCommandsTest {

    @TempDir
    Path storage;

    Map<String, String> properties;
    Neo4jServer server;

    @BeforeEach
    void setUp(Neo4jServer shared) {
        server = shared;
        properties = shared.springProperties(storage);
    }

    CliRun run(String... args) {
        return CliRun.of(properties, args);
    }

    @Test
    void createListInfoValidateStatusPruneAndDeleteABackup() throws Exception {
        CliRun create = run("create", "--reason", "before the migration");
        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(create.out()).contains("BACKUP_SUCCESS: neo4j-").contains("Checksum:").contains("550 nodes");
        Manifest manifest = TestSigning.catalog(storage, Clock.systemUTC()).list().get(0);
        String id = manifest.id();
        assertThat(manifest.reason()).isEqualTo("before the migration");
        assertThat(server.answers()).isTrue();

        CliRun list = run("list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("Available Backups:", id, "Created:", "Expires:", "Status:         COMPLETE",
                "Stored:", "Graph Stats:    550 nodes, 1525 relationships", "Total: 1 backup, consuming");

        CliRun json = run("list", "--json");
        JsonNode array = JsonMapper.builder().build().readTree(json.out());
        assertThat(array.get(0).get("id").asString()).isEqualTo(id);
        assertThat(array.get(0).get("sha256").asString()).isEqualTo(manifest.sha256());
        assertThat(run("list", "--database", "system").out()).contains("No backups yet");

        CliRun info = run("info", id);
        assertThat(info.exit()).isZero();
        assertThat(info.out()).contains("SHA-256:        " + manifest.sha256()).contains("manual (before the migration)")
                .contains("Stages:").contains("Expires:").contains("daily 1/7");

        CliRun validate = run("validate", id);
        assertThat(validate.exit()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("VALIDATED: " + id + " (checksum+header").contains("matches");
        assertThat(TestSigning.catalog(storage, Clock.systemUTC()).find(id).orElseThrow().status())
                .isEqualTo(Manifest.Status.VALIDATED);

        CliRun deep = run("validate", id, "--deep");
        assertThat(deep.exit()).as(deep.toString()).isZero();
        assertThat(deep.out()).contains("consistency: neo4j-admin database check passed");

        CliRun status = run("status");
        assertThat(status.out()).contains("Scheduler:      active, every day at 02:00 UTC")
                .contains("Last success:   " + id).contains("Failures:       0 in a row").contains("Free space:")
                .contains("No backup needed now.");

        CliRun prune = run("prune", "--dry-run");
        assertThat(prune.exit()).isZero();
        assertThat(prune.out()).containsPattern("KEEP +" + id + ".*daily 1/7").contains("Would delete 0 backups");

        CliRun noTerminal = run("delete", id);
        assertThat(noTerminal.exit()).isEqualTo(1);
        assertThat(noTerminal.err()).contains("CONFIRMATION_REQUIRED").contains("--yes");
        CliRun onlyOne = run("delete", id, "--yes");
        assertThat(onlyOne.exit()).isEqualTo(1);
        assertThat(onlyOne.err()).contains("BACKUP_PROTECTED").contains("only backup").contains("--force");
        assertThat(TestSigning.catalog(storage, Clock.systemUTC()).list()).hasSize(1);
        CliRun deleted = run("delete", id, "--yes", "--force");
        assertThat(deleted.exit()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("DELETED: " + id);
        try (var files = Files.list(storage)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(id));
        }
    }

    @Test
    void pauseAndResumeGoThroughTheSharedStateFile() {
        CliRun pause = run("pause", "--reason", "storage migration");
        assertThat(pause.exit()).isZero();
        assertThat(new StateStore(storage).read().paused()).isTrue();
        assertThat(run("status").out()).contains("PAUSED since").contains("storage migration")
                .contains("Next backup:    none while paused");
        assertThat(run("pause").out()).contains("Already paused.");

        assertThat(run("resume").out()).contains("RESUMED");
        assertThat(new StateStore(storage).read().paused()).isFalse();
        assertThat(run("resume").out()).contains("Not paused.");
    }

    @Test
    void aCreateWhileAnotherRunHoldsTheStorageSaysWhoHoldsIt() {
        try (StorageLock.Held held = new StorageLock(storage).acquire("scheduled backup")) {
            CliRun create = run("create");
            assertThat(create.exit()).isEqualTo(1);
            assertThat(create.err()).contains("BACKUP_LOCKED").contains("scheduled backup").contains("Action:");
        }
        assertThat(TestSigning.catalog(storage, Clock.systemUTC()).list()).isEmpty();
        assertThat(server.answers()).isTrue();
    }

    @Test
    void badInputIsRefusedWithCodeReasonAndActionAndTouchesNothing() throws Exception {
        for (String bad : new String[] { "../../etc/passwd", "neo4j-2025", "neo4j-20251301-000000" }) {
            CliRun info = run("info", bad);
            assertThat(info.exit()).as(bad).isEqualTo(Cli.USAGE);
            assertThat(info.err()).contains("INVALID_INPUT").contains("not a backup id").contains("Action:");
        }
        CliRun unknown = run("validate", "neo4j-20200101-000000");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("BACKUP_NOT_FOUND").contains("neo4j-backup list");

        assertThat(run("frobnicate").exit()).isEqualTo(2);
        assertThat(run("list", "--bogus").exit()).isEqualTo(2);
        assertThat(run("info").exit()).isEqualTo(2);
        CliRun badConfig = CliRun.of(Map.of("backup.storage.path", storage.toString(), "backup.sandbox.enabled",
                "false", "backup.neo4j.home", "/nowhere", "backup.schedule", "0 25 * * *"), "status");
        assertThat(badConfig.exit()).isEqualTo(1);
        assertThat(badConfig.err()).contains("CONFIG_INVALID: backup.schedule (BACKUP_SCHEDULE) = '0 25 * * *'");
        try (var files = Files.list(storage)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.startsWith(".")); // only our own bookkeeping
        }
    }

    @Test
    void aCorruptedArchiveFailsValidationWithExpectedAndActualChecksums() throws Exception {
        assertThat(run("create").exit()).isZero();
        Manifest manifest = TestSigning.catalog(storage, Clock.systemUTC()).list().get(0);
        Path archive = storage.resolve(manifest.archive());
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(archive, bytes);

        CliRun validate = run("validate", manifest.id());

        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.err()).contains("BACKUP_CORRUPTED").contains("Expected: " + manifest.sha256())
                .contains("Got: ").contains("different backup");
        // issue 13: the mismatch is remembered (it used to stay COMPLETE)
        assertThat(TestSigning.catalog(storage, Clock.systemUTC()).find(manifest.id()).orElseThrow().status())
                .isEqualTo(Manifest.Status.CORRUPTED);
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : new String[] { "create", "list", "info", "validate", "restore", "delete", "prune",
                "status", "pause", "resume", "schedule" }) {
            CliRun help = run(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: neo4j-backup " + command).contains("Example");
        }
        assertThat(run("--help").out()).contains("create", "prune", "schedule");
    }
}
