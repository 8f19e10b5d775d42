package dev.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.offsite.OffsiteUpload;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.S3Server;
import dev.neo4jbackup.testing.SharedBackup;

/**
 * The disaster-recovery runbook as an operator runs it: the host is gone, a fresh machine has an empty storage
 * folder and the destination's settings; {@code list --from} finds the backup, {@code restore --from} fetches it
 * (verified) and restores it, and the graph is the one that was backed up (counts and fingerprint). Then the
 * listing says where each backup lives, and {@code status} shows the destination.
 */
@ExtendWith(Neo4jExtension.class)
class CliOffsiteTest {

    @TempDir
    Path lostHost;

    @TempDir
    Path freshMachine;

    @Test
    void restoreFromTheBucketOnAFreshMachine(Neo4jServer server) {
        S3Server s3 = S3Server.shared();
        String bucket = s3.bucket("disaster-recovery");
        String id = SharedBackup.copyInto(lostHost);
        assertThat(OffsiteUpload.all(lostHost, s3.endpoint(), bucket, "db-host-1")).isEqualTo(1);
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());

        Map<String, String> properties = new LinkedHashMap<>(server.springProperties(freshMachine));
        properties.put("backup.destinations.offsite.endpoint", s3.endpoint());
        properties.put("backup.destinations.offsite.bucket", bucket);
        properties.put("backup.destinations.offsite.path-style", "true");
        properties.put("backup.destinations.offsite.prefix", "db-host-1");
        properties.put("backup.destinations.offsite.access-key-id", S3Server.IDENTITY);
        properties.put("backup.destinations.offsite.secret-access-key", S3Server.CREDENTIAL);

        CliRun listed = CliRun.of(properties, "list", "--from", "offsite");
        assertThat(listed.exit()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains(id).contains("Location:       s3:offsite (prefix db-host-1)");

        CliRun restore = CliRun.of(properties, "restore", id, "--from", "offsite", "--yes", "--no-safety-backup");
        System.out.println("CLI_OFFSITE_RESTORE:\n" + restore);
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("INFO: Fetching " + id + " from s3:offsite")
                .containsPattern("INFO: Fetched " + id + " \\(.*\\), checksum verified")
                .contains("SUCCESS: Restore completed and validated")
                .contains("INFO: Graph stats: 550 nodes, 1525 relationships");
        assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);

        CliRun local = CliRun.of(properties, "list");
        assertThat(local.out()).contains("Location:       local, s3:offsite");
        CliRun status = CliRun.of(properties, "status");
        assertThat(status.out()).contains("Off-site:       offsite: s3://" + bucket + "/db-host-1/");
        assertThat(restore + local.toString() + status).doesNotContain(S3Server.CREDENTIAL);
    }
}
