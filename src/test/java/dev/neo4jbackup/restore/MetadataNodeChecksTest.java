package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.metadata.MetadataNodeWriter;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.TestManifests;

/**
 * A database that holds the service's {@code (:BackupMetadata)} nodes passes the restore's health checks against
 * the counts of a backup taken before they were written, and keeps its content fingerprint: they are no data.
 * The shared server; the nodes are removed after.
 */
@ExtendWith(Neo4jExtension.class)
class MetadataNodeChecksTest {

    @Test
    void theRestoreChecksAndTheFingerprintLeaveMetadataNodesOut(Neo4jServer server) {
        GraphStats backedUp = new GraphStatsReader(server.driver()).read("neo4j");
        GraphFingerprint.Print print = GraphFingerprint.of(server.driver());
        MetadataNodeWriter writer = new MetadataNodeWriter(server.driver(), new SimpleMeterRegistry());
        try {
            for (int i = 1; i <= 3; i++) {
                assertThat(writer.write(manifest("neo4j-20260101-02000" + i, backedUp))).isTrue();
            }
            assertThat(server.count("MATCH (m:BackupMetadata) RETURN count(m)")).isEqualTo(3);

            RestoreTarget primary = new RestoreTarget(BackupProperties.Restore.PRIMARY, true, null, null,
                    server.driver());
            RestoreChecks.Outcome outcome = new RestoreChecks(Duration.ofSeconds(30)).run(primary, "neo4j", backedUp);
            assertThat(outcome.passed()).as("%s", outcome.checks()).isTrue();
            assertThat(outcome.observed()).isEqualTo(backedUp);
            assertThat(GraphFingerprint.of(server.driver())).isEqualTo(print);
        } finally {
            server.run("MATCH (m:BackupMetadata) DELETE m");
        }
    }

    private static Manifest manifest(String id, GraphStats graph) {
        return TestManifests.dump(id).created(Instant.parse("2026-01-01T02:00:00Z")).rawBytes(10).storedBytes(10)
                .sha256("a".repeat(64)).graph(graph).build();
    }
}
