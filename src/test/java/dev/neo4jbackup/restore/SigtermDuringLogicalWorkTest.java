package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.Neo4jBackupApplication;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * SIGTERM always works, for real, on the shared server with 5,000 small nodes planted beside its sample graph:
 * the service (its own JVM) exporting in pages of 5 ids ends within 30 s of SIGTERM, the run recorded as SHUTDOWN (no
 * failure, nothing published, no export marker left); a CLI restore (its own JVM) importing in small batches ends
 * within 30 s, its import marker kept and the recovery state saying it was interrupted by the shutdown, and the next
 * start loads the safety backup back. The planted nodes are taken out at the end.
 */
class SigtermDuringLogicalWorkTest {

    @TempDir
    Path storage;

    @Test
    void anExportAndAnImportEachEndWithin30SecondsOfSigterm() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        try {
            server.run("UNWIND range(1, 5000) AS i CREATE (:Bulk {i: i, s: 'bulk ' + i})");
            GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
            Path backups = storage.resolve("backups");
            RestoreFixture restore = new RestoreFixture(new RunnerFixture(server, backups).stopMode(StopMode.NONE)
                    .set("kind", "logical"));
            String id = restore.backup();

            // 1. the service, exporting 5 ids a page: ~1,000 pages, seconds of work however fast the machine
            List<String> service = java(server, backups, Map.of("backup.logical.page-size", "5"));
            service.add(Neo4jBackupApplication.class.getName());
            server.springProperties(backups).forEach((k, v) -> service.add("--" + k + "=" + v));
            service.addAll(List.of("--backup.kind=logical", "--backup.run-on-start=true"));
            Path serviceLog = storage.resolve("service.log");
            Process exporting = new ProcessBuilder(service).redirectErrorStream(true).redirectOutput(serviceLog
                    .toFile()).start();
            long took = sigtermWhen(exporting, () -> Files.exists(backups.resolve(".export.json")), serviceLog);
            String output = Files.readString(serviceLog);
            assertThat(took).as("ms from SIGTERM to exit: %s", output).isLessThan(30_000);
            assertThat(output).contains("SHUTDOWN: backup neo4j-").doesNotContain("BACKUP_FAILED")
                    .doesNotContain("BACKUP_INTERRUPTED");
            assertThat(backups.resolve(".export.json")).doesNotExist();
            assertThat(restore.catalog.successes()).hasSize(1);
            assertThat(new StateStore(backups).read().consecutiveFailures()).isZero();

            // 2. a CLI restore, importing 5 entities a batch after its safety backup: ~1,000 writes
            List<String> cli = java(server, backups, Map.of("backup.logical.batch-size", "5"));
            cli.add(Neo4jBackupApplication.class.getName());
            cli.addAll(List.of("restore", id, "--yes", "--mode", "clear-first"));
            Path cliLog = storage.resolve("cli.log");
            Process importing = new ProcessBuilder(cli).redirectErrorStream(true).redirectOutput(cliLog.toFile())
                    .start();
            long tookImport = sigtermWhen(importing, () -> Files.exists(backups.resolve(".import.json"))
                    && server.count("MATCH (n:__BackupImport) RETURN count(n)") > 100, cliLog);
            String cliOutput = Files.readString(cliLog);
            assertThat(tookImport).as("ms from SIGTERM to exit: %s", cliOutput).isLessThan(30_000);
            assertThat(cliOutput).contains("SHUTDOWN");
            assertThat(ImportMarker.read(backups)).as("kept for the next start").isPresent();
            assertThat(restore.tracker.current().state()).isEqualTo(RecoveryState.RECOVERY_FAILED);
            assertThat(restore.tracker.current().message()).contains("interrupted by shutdown", "loads the safety "
                    + "backup");

            // the next start
            InterruptedRestores next = new InterruptedRestores(backups, new StorageLock(backups), restore.tracker,
                    restore.targets, restore.restorer, BackupProperties.Restore.OnInterrupt.ROLLBACK, e -> { },
                    Clock.systemUTC());
            assertThat(next.finish().orElseThrow().rolledBack()).isTrue();
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
            ProofBeforeDestructionTest.assertTemporariesGone(server);
        } finally {
            server.run("MATCH (n:Bulk) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
        }
    }

    private static List<String> java(Neo4jServer server, Path backups, Map<String, String> extra) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        server.springProperties(backups).forEach((k, v) -> command.add("-D" + k + "=" + v));
        extra.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dbackup.signing.key-file=" + System.getProperty("backup.signing.key-file"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return command;
    }

    /** SIGTERM once {@code ready} holds (a second later), then the ms until the process ended. */
    private static long sigtermWhen(Process process, java.util.function.BooleanSupplier ready, Path log)
            throws Exception {
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && process.isAlive() && !ready.getAsBoolean()) {
                Thread.sleep(20);
            }
            assertThat(process.isAlive()).as("still working when SIGTERM comes: %s", Files.readString(log)).isTrue();
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return (System.nanoTime() - t0) / 1_000_000;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
