package dev.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.offsite.OffsiteUpload;
import dev.neo4jbackup.testing.ForgedLogicalBackup;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.S3Server;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * The disaster-recovery runbook against a forged bucket: whoever can write the bucket uploads a logical backup
 * whose header's schema is {@code CREATE USER} and {@code MATCH (n) DETACH DELETE n} (file, checksum file and
 * manifest agreeing). On a fresh host {@code restore --from} fetches it, checks it, and refuses it with
 * LOGICAL_FORMAT_INVALID before anything is written: the graph keeps its fingerprint, no user is created,
 * and the fetched backup is not marked VALIDATED.
 */
class ForgedBucketRestoreTest {

    @TempDir
    Path lostHost;

    @TempDir
    Path freshMachine;

    @Test
    void aForgedBackupInTheBucketIsRefusedByRestoreFrom() {
        Neo4jServer server = SharedNeo4j.get();
        RunReport report = new RunnerFixture(server, lostHost).stopMode(StopMode.NONE).set("kind", "logical")
                .compression(Compression.NONE).build().run(BackupRequest.of(Trigger.MANUAL, "to forge"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        String id = report.outcomes().get(0).id();
        new ForgedLogicalBackup(lostHost, id).forgeHeader(h -> {
            h.put("format", "neo4j-backup-logical/1");
            h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(List.of(
                    "CREATE USER pwned SET PASSWORD 'xxxxxxxxxx' CHANGE NOT REQUIRED"), List.of(
                            "MATCH (n) DETACH DELETE n"))));
        });
        S3Server s3 = S3Server.shared();
        String bucket = s3.bucket("forged");
        assertThat(OffsiteUpload.all(lostHost, s3.endpoint(), bucket, "db-host-1")).isEqualTo(1);
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());

        Map<String, String> properties = new LinkedHashMap<>(server.springProperties(freshMachine));
        properties.put("backup.destinations.offsite.endpoint", s3.endpoint());
        properties.put("backup.destinations.offsite.bucket", bucket);
        properties.put("backup.destinations.offsite.path-style", "true");
        properties.put("backup.destinations.offsite.prefix", "db-host-1");
        properties.put("backup.destinations.offsite.access-key-id", S3Server.IDENTITY);
        properties.put("backup.destinations.offsite.secret-access-key", S3Server.CREDENTIAL);
        for (String mode : List.of("merge", "clear-first")) {
            CliRun restore = CliRun.of(properties, "restore", id, "--from", "offsite", "--yes", "--mode", mode);
            System.out.println("CLI_FORGED_BUCKET_RESTORE (" + mode + "):\n" + restore);
            assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
            assertThat(restore.out() + restore.err()).contains("LOGICAL_FORMAT_INVALID")
                    .contains("schema.constraints[0]").doesNotContain("SUCCESS");
        }
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
        try (var session = server.driver().session(org.neo4j.driver.SessionConfig.forDatabase("system"))) {
            assertThat(session.run("SHOW USERS YIELD user RETURN collect(user) AS u").single().get("u")
                    .asList()).doesNotContain("pwned");
        }
        CliRun listed = CliRun.of(properties, "list");
        assertThat(listed.out()).contains(id).doesNotContain("VALIDATED");
    }
}
