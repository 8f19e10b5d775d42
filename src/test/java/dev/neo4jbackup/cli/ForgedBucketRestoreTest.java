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
 * manifest agreeing; without the service's key, no signature). On a fresh host {@code restore --from} refuses it
 * with BACKUP_UNTRUSTED before anything is downloaded; with the operator's {@code --trust-unsigned} it fetches it,
 * checks it, and still refuses it with LOGICAL_FORMAT_INVALID before anything is written. Either way the graph
 * keeps its fingerprint, no user is created, and the backup is not marked VALIDATED.
 */
class ForgedBucketRestoreTest {

    @TempDir
    Path lostHost;

    @TempDir
    Path freshMachine;

    @Test
    void aForgedBackupInTheBucketIsRefusedByRestoreFrom() throws java.io.IOException {
        Neo4jServer server = SharedNeo4j.get();
        RunReport report = new RunnerFixture(server, lostHost).stopMode(StopMode.NONE).set("kind", "logical")
                .compression(Compression.NONE).build().run(BackupRequest.of(Trigger.MANUAL, "to forge"));
        assertThat(report.ok()).as("%s", report.firstFailure()).isTrue();
        String id = report.outcomes().get(0).id();
        ForgedLogicalBackup forge = new ForgedLogicalBackup(lostHost, id);
        forge.forgeHeader(h -> {
            h.put("format", "neo4j-backup-logical/1");
            h.set("schema", ForgedLogicalBackup.json(ForgedLogicalBackup.schema(List.of(
                    "CREATE USER pwned SET PASSWORD 'xxxxxxxxxx' CHANGE NOT REQUIRED"), List.of(
                            "MATCH (n) DETACH DELETE n"))));
        });
        // no key, no signature: an unsigned backup is copied like any other, which puts the forgery in the bucket
        forge.withoutSignature();
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
        CliRun untrusted = CliRun.of(properties, "restore", id, "--from", "offsite", "--yes");
        assertThat(untrusted.exit()).as(untrusted.toString()).isEqualTo(Cli.FAILED);
        assertThat(untrusted.err()).contains("ERROR: BACKUP_UNTRUSTED: " + id + " (s3:offsite) is UNSIGNED")
                .doesNotContain("LOGICAL_FORMAT_INVALID");
        assertThat(CliSigningTest.manifests(freshMachine)).as("nothing downloaded").isEmpty();
        assertUnchanged(server, before);

        // the operator accepts it: fetched, then its schema is read as data and refused before anything is written
        for (String mode : List.of("merge", "clear-first")) {
            CliRun restore = CliRun.of(properties, "restore", id, "--from", "offsite", "--yes", "--mode", mode,
                    "--trust-unsigned");
            System.out.println("CLI_FORGED_BUCKET_RESTORE (" + mode + "):\n" + restore);
            assertThat(restore.exit()).as(restore.toString()).isEqualTo(Cli.FAILED);
            assertThat(restore.out() + restore.err()).contains("LOGICAL_FORMAT_INVALID")
                    .contains("schema.constraints[0]").doesNotContain("SUCCESS");
            assertUnchanged(server, before);
        }
        CliRun listed = CliRun.of(properties, "list");
        assertThat(CliSigningTest.block(listed.out(), id)).contains("Signature:      UNSIGNED")
                .doesNotContain("VALIDATED");
    }

    private static void assertUnchanged(Neo4jServer server, GraphFingerprint.Print before) {
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
        try (var session = server.driver().session(org.neo4j.driver.SessionConfig.forDatabase("system"))) {
            assertThat(session.run("SHOW USERS YIELD user RETURN collect(user) AS u").single().get("u")
                    .asList()).doesNotContain("pwned");
        }
    }
}
