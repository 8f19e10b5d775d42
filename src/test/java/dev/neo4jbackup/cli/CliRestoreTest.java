package dev.neo4jbackup.cli;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jExtension.Fresh;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * {@code neo4j-backup restore} as an operator runs it, over the service's wiring and a Neo4j of its own:
 * refused without a terminal and without --yes, a dry run that changes nothing, a restore with --yes
 * that prints the restore's stage, check and result lines, status showing the recovery state, and a corrupt archive refused.
 */
@ExtendWith(Neo4jExtension.class)
class CliRestoreTest {

    @TempDir
    Path storage;

    @Test
    void restoreFromTheCommandLine(@Fresh Neo4jServer server) throws Exception {
        SampleGraph.create(server.driver());
        GraphFingerprint.Print original = GraphFingerprint.of(server.driver());
        Map<String, String> properties = server.springProperties(storage);
        CliRun create = CliRun.of(properties, "create");
        assertThat(create.exit()).as(create.toString()).isZero();
        Manifest manifest = TestSigning.catalog(storage, Clock.systemUTC()).list().get(0);
        String id = manifest.id();
        server.run("MATCH (n:Skill) DETACH DELETE n");
        GraphFingerprint.Print changed = GraphFingerprint.of(server.driver());

        CliRun noTerminal = CliRun.of(properties, "restore", id);
        assertThat(noTerminal.exit()).as(noTerminal.toString()).isEqualTo(Cli.FAILED);
        assertThat(noTerminal.err()).contains("ERROR: CONFIRMATION_REQUIRED: Not restoring " + id
                + ": no terminal to confirm on").contains("Action: Pass --yes");

        CliRun dryRun = CliRun.of(properties, "restore", id, "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("Would restore " + id).contains("safety backup of neo4j")
                .contains("DRY RUN: " + id + " would be restored into neo4j on primary");
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(changed);

        // the safety backup and its rollback are proven in RestoreRefusalsTest; here the command's plumbing
        CliRun restore = CliRun.of(properties, "restore", id, "--yes", "--no-safety-backup");
        System.out.println("CLI_RESTORE_OUTPUT:\n" + restore);
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("INFO: Starting restore from backup " + id)
                .contains("INFO: Checksum verification: PASSED")
                .contains("INFO: Health check: connectivity ... PASS")
                .contains("INFO: Health check: schema_consistency ... PASS")
                .contains("INFO: Health check: orphan_detection ... PASS")
                .contains("SUCCESS: Restore completed and validated")
                .contains("INFO: Graph stats: 550 nodes, 1525 relationships");
        assertThat(restore.out()).as("each stage told as it starts, with the time since the restore began")
                .containsPattern("(?m)^INFO: Validating backup integrity\\.\\.\\. \\[\\d+\\.\\d s\\]$")
                .containsPattern("(?m)^INFO: Stopping Neo4j on primary \\(stop mode command\\)\\.\\.\\. "
                        + "\\[\\d+\\.\\d s\\]$")
                .containsPattern("(?m)^INFO: Starting Neo4j on primary and waiting for Bolt\\.\\.\\. "
                        + "\\[\\d+\\.\\d s\\]$");
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);

        CliRun status = CliRun.of(properties, "status");
        assertThat(status.out()).contains("Recovery:       RECOVERY_SUCCESS: " + id + " into neo4j on primary");

        Path archive = storage.resolve(manifest.archive());
        try (RandomAccessFile raf = new RandomAccessFile(archive.toFile(), "rw")) {
            raf.seek(Files.size(archive) / 3);
            int b = raf.read();
            raf.seek(Files.size(archive) / 3);
            raf.write(b ^ 0x10);
        }
        CliRun corrupt = CliRun.of(properties, "restore", id, "--yes");
        System.out.println("CLI_CORRUPT_OUTPUT:\n" + corrupt);
        assertThat(corrupt.exit()).as(corrupt.toString()).isEqualTo(Cli.FAILED);
        assertThat(corrupt.err()).contains("ERROR: BACKUP_CORRUPTED: Backup validation failed: Checksum mismatch!")
                .contains("Expected: " + manifest.sha256() + " | Got: ")
                .contains("Action: Try a different backup");
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(original);
        assertThat(CliRun.of(properties, "status").out()).contains("Recovery:       RECOVERY_FAILED: " + id);
    }
}
