package dev.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.testing.TestManifests;
import dev.neo4jbackup.testing.TestSigning;

/**
 * The command line does what it is told, on a host that has only the storage folder (no NEO4J_HOME, no
 * Neo4j): unknown words are usage errors, global options come before the command, and the commands that
 * run no neo4j-admin work.
 */
class CliWithoutNeo4jTest {

    static final String ID = "neo4j-20261130-020000";

    @TempDir
    Path storage;

    Map<String, String> properties;

    @BeforeEach
    void onlyTheStorageFolder() {
        properties = new LinkedHashMap<>();
        properties.put("backup.storage.path", storage.toString());
        // no sandbox either: nothing here may need a Neo4j installation until a command runs neo4j-admin
        properties.put("backup.sandbox.enabled", "false");
    }

    CliRun run(String... args) {
        return CliRun.of(properties, args);
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingTheRealOneAndNeverTheService() {
        assertThat(Cli.isCommand(new String[] { "backup" })).as("the service must not start").isTrue();
        CliRun backup = run("backup");
        assertThat(backup.exit()).as(backup.toString()).isEqualTo(Cli.USAGE);
        assertThat(backup.err()).contains("'backup'").contains("Did you mean: neo4j-backup create?");

        CliRun typo = run("lsit");
        assertThat(typo.exit()).isEqualTo(Cli.USAGE);
        assertThat(typo.err()).contains("Did you mean: neo4j-backup list?");

        CliRun nothingLike = run("frobnicate");
        assertThat(nothingLike.exit()).isEqualTo(Cli.USAGE);
        assertThat(nothingLike.err()).contains("Unmatched argument at index 0: 'frobnicate'");

        assertThat(Cli.isCommand(new String[0])).isFalse();
        assertThat(Cli.isCommand(new String[] { "schedule", "--server.port=0" })).isFalse();
        assertThat(Cli.isCommand(new String[] { "--server.port=0" })).isFalse();
        assertThat(storage.toFile().list()).as("nothing ran").isEmpty();
    }

    @Test
    void globalOptionsBeforeTheCommandRunTheCommand() throws Exception {
        Path config = Files.writeString(storage.resolveSibling(storage.getFileName() + ".properties"),
                "backup.compression=none\n");
        String[] before = { "--config", config.toString(), "list" };
        assertThat(Cli.isCommand(before)).isTrue();
        CliRun list = run(before);
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("Available Backups:");
        assertThat(run("-v", "--config", config.toString(), "status").out()).contains("Scheduler:");
        assertThat(run("list", "--config", config.toString()).exit()).isZero();

        CliRun missing = run("--config", storage.resolve("nope.yml").toString(), "list");
        assertThat(missing.exit()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).contains("CONFIG_INVALID: --config").contains("nope.yml").contains("Fix:");

        // the service reads the same file: --config FILE is Spring's additional location, 'schedule' is no argument
        assertThat(Cli.serviceArgs(new String[] { "schedule", "--config", config.toString(), "--server.port=0" }))
                .containsExactly("--spring.config.additional-location=file:" + config.toAbsolutePath(),
                        "--server.port=0");
        Files.delete(config);
    }

    @Test
    void commandsThatRunNoNeo4jAdminWorkWithOnlyTheStorageFolder() throws Exception {
        Manifest manifest = publishUncompressed(TestSigning.catalog(storage, Clock.systemUTC()), ID);

        CliRun list = run("list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains(ID);
        assertThat(run("info", ID).out()).contains(manifest.sha256());
        CliRun status = run("status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Backups:        1,").contains("Backup recommended");
        assertThat(run("pause", "--reason", "no Neo4j here").exit()).isZero();
        assertThat(new StateStore(storage).read().paused()).isTrue();
        assertThat(run("resume").exit()).isZero();
        assertThat(run("prune", "--dry-run").out()).containsPattern("KEEP +" + ID);

        CliRun validate = run("validate", ID);
        assertThat(validate.exit()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("VALIDATED: " + ID + " (checksum,").contains("matches")
                .contains("header: not read: no neo4j-admin on this host (NEO4J_HOME)");

        // a command that needs neo4j-admin says so, when it runs, and touches nothing
        CliRun deep = run("validate", ID, "--deep");
        assertThat(deep.exit()).isEqualTo(Cli.FAILED);
        assertThat(deep.err()).contains("CONFIG_INVALID: backup.neo4j.home (NEO4J_HOME) = '': no Neo4j installation")
                .contains("Fix: set NEO4J_HOME");
        CliRun create = run("create");
        assertThat(create.exit()).isEqualTo(Cli.FAILED);
        assertThat(create.err()).contains("CONFIG_INVALID: backup.neo4j.home (NEO4J_HOME)");

        CliRun delete = run("delete", ID, "--yes", "--force");
        assertThat(delete.exit()).as(delete.toString()).isZero();
        assertThat(TestSigning.catalog(storage, Clock.systemUTC()).list()).isEmpty();
    }

    @Test
    void aDatabaseNameThatNeo4jWouldFoldOrThatLeavesTheFolderIsAUsageError() {
        CliRun upper = run("list", "--database", "NEO4J");
        assertThat(upper.exit()).isEqualTo(Cli.USAGE);
        assertThat(upper.err()).contains("'NEO4J' is not a Neo4j database name").contains("did you mean 'neo4j'?");

        for (String bad : new String[] { "../x", "/etc", "ne", "neo4j/../../x", "" }) {
            CliRun create = run("create", "--dry-run", "--database", bad);
            assertThat(create.exit()).as(bad + ": " + create).isEqualTo(Cli.USAGE);
            assertThat(create.err()).contains("is not a Neo4j database name");
        }
        CliRun restore = run("restore", ID, "--database", "Movies", "--dry-run");
        assertThat(restore.exit()).isEqualTo(Cli.USAGE);
        assertThat(restore.err()).contains("did you mean 'movies'?");
        assertThat(storage.toFile().list()).as("nothing ran").isEmpty();
    }

    /** A backup id that is no id (a path, a stray word) is the command misused: usage, exit 2, like a bad name. */
    @Test
    void anArgumentThatIsNoBackupIdIsAUsageError() {
        for (String bad : new String[] { "../../etc/passwd", "neo4j-2025" }) {
            CliRun info = run("info", bad);
            assertThat(info.exit()).as(bad).isEqualTo(Cli.USAGE);
            assertThat(info.err()).contains("INVALID_INPUT").contains("not a backup id").contains("Action:");
        }
        assertThat(storage.toFile().list()).as("nothing ran").isEmpty();
    }

    /**
     * An archive cut short before it was hashed (its checksum matches, its gzip stream ends early) is a truncated
     * archive, not "Checksum mismatch!" with Expected equal to Got.
     */
    @Test
    void aTruncatedGzipIsReportedAsTruncatedNotAsAChecksumMismatch() throws Exception {
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
        BackupId id = BackupId.parse(ID);
        Path work = catalog.newWorkDir(id);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        byte[] dump = new byte[200_000];
        new Random(7).nextBytes(dump);
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(dump);
        }
        byte[] whole = gzipped.toByteArray();
        Path archive = Files.write(work.resolve(CatalogNames.archiveName(id, Compression.GZIP)),
                Arrays.copyOf(whole, whole.length / 2));
        String sha = ArchivePacker.sha256(archive);
        catalog.publish(archive, TestManifests.dump(ID).archive(archive.getFileName().toString())
                .rawBytes(dump.length).storedBytes(Files.size(archive)).sha256(sha).durationsMs(Map.of("total", 1000L))
                .graph(new GraphStats(0, 0, Map.of(), Map.of(), 0, 0)).neo4jVersion("5.26.0").build());

        CliRun validate = run("validate", ID);

        assertThat(validate.exit()).as(validate.toString()).isEqualTo(Cli.FAILED);
        assertThat(validate.err()).contains("BACKUP_CORRUPTED").contains("truncated archive")
                .contains("Expected: " + dump.length + " bytes").doesNotContain("Checksum mismatch")
                .doesNotContain("Expected: " + sha);
        Manifest marked = catalog.require(ID);
        assertThat(marked.status()).isEqualTo(Manifest.Status.CORRUPTED);
        assertThat(marked.corruption().got()).contains("truncated archive");
    }

    /** The configured scheduler is off: status says so and how to turn it on, not "active, next backup 02:00". */
    @Test
    void statusSaysTheSchedulerIsDisabled() throws Exception {
        Path config = Files.writeString(storage.resolveSibling(storage.getFileName() + "-off.properties"),
                "backup.scheduler.enabled=false\n");
        try {
            CliRun status = run("--config", config.toString(), "status");
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("Scheduler:      disabled (backup.scheduler.enabled=false)")
                    .contains("BACKUP_SCHEDULER_ENABLED=true").contains("Next backup:    none: the scheduler is "
                            + "disabled").doesNotContain("active,");
            assertThat(run("status").out()).as("the default").contains("Scheduler:      active, every day at 02:00");
        } finally {
            Files.delete(config);
        }
    }

    /** A backup much smaller than the one before it carries its mark where an operator looks: list and info. */
    @Test
    void aBackupFlaggedAsAnAnomalyIsMarkedInTheListing() throws Exception {
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
        Manifest plain = publishUncompressed(catalog, ID);
        Manifest flagged = plain.withAnomaly(new Manifest.Anomaly("neo4j-20261129-020000", List.of(
                "nodes"), 0.5, "nodes 12 (was 10000, down 99.9 %) since neo4j-20261129-020000: more than the 50 % "
                        + "backup.anomaly.threshold allows"));
        catalog.update(flagged);

        CliRun list = run("list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("  ANOMALY:        nodes 12 (was 10000, down 99.9 %) since "
                + "neo4j-20261129-020000");
        assertThat(run("info", ID).out()).contains("ANOMALY:");
        assertThat(run("list", "--json").out()).contains("\"anomaly\"").contains("\"previousId\"");
    }

    /** Whoever reads the identity file decrypts every backup: status warns while others can read it. */
    @Test
    void anIdentityFileOthersCanReadIsWarnedAboutInStatus() throws Exception {
        Path identity = Files.writeString(storage.resolveSibling(storage.getFileName() + "-key.txt"),
                "# an age identity\n");
        try {
            Files.setPosixFilePermissions(identity, PosixFilePermissions
                    .fromString("rw-r--r--"));
            properties.put("backup.encryption.identity-file", identity.toString());

            assertThat(run("status").out()).contains("Encryption:     WARNING: the age identity file " + identity
                    + " (backup.encryption.identity-file) is readable by its group and every user (rw-r--r--)")
                    .contains("chmod 600 " + identity);

            Files.setPosixFilePermissions(identity, PosixFilePermissions
                    .fromString("rw-------"));
            assertThat(run("status").out()).doesNotContain("Encryption:");
        } finally {
            Files.delete(identity);
        }
    }

    /** A COMPLETE backup with compression none: its checksum is real, its bytes need no Neo4j to be checked. */
    static Manifest publishUncompressed(BackupCatalog catalog, String text) throws Exception {
        BackupId id = BackupId.parse(text);
        Path work = catalog.newWorkDir(id);
        Path archive = Files.write(work.resolve(CatalogNames.archiveName(id, Compression.NONE)),
                ("DZV1 bytes of " + id).repeat(200).getBytes());
        long size = Files.size(archive);
        Instant created = id.created();
        Manifest manifest = TestManifests.dump(id).compression(Compression.NONE)
                .archive(archive.getFileName().toString()).rawBytes(size).storedBytes(size)
                .sha256(ArchivePacker.sha256(archive)).durationsMs(Map.of("total", 1000L))
                // the counts every dump taken while Neo4j answered records (a manifest without them is BACKUP_INVALID)
                .graph(new GraphStats(0, 0, Map.of(), Map.of(), 0, 0)).neo4jVersion("5.26.0").build();
        catalog.publish(archive, manifest);
        Files.deleteIfExists(work);
        return manifest;
    }
}
