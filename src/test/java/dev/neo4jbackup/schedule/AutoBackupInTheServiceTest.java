package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.neo4jbackup.auto.AutoBackup;
import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.metadata.MetadataNodeWriter;
import dev.neo4jbackup.restore.InitialRestore;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.SharedNeo4j;
import dev.neo4jbackup.testing.TestManifests;

/**
 * The three opt-in parts as Spring wires them in the service, on the shared Neo4j (which holds data): the
 * auto-backup check is scheduled on its own thread, the initial restore ran at start and left the database
 * alone (it is not empty, so the file is not even read), and the metadata node is written by a listener of
 * the run's success event. No backup is taken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Timeout(300)
class AutoBackupInTheServiceTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("auto-service-");
        Path storage = Files.createDirectories(dir.resolve("backups"));
        SharedNeo4j.get().springProperties(storage).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("backup.catch-up", () -> "false");
        registry.add("backup.logical.auto.enabled", () -> "true");
        registry.add("backup.logical.auto.schedule", () -> "0 0 1 1 *");
        registry.add("backup.logical.auto.kind", () -> "dump");
        registry.add("backup.metadata-node.enabled", () -> "true");
        registry.add("backup.initial-restore", () -> dir.resolve("seed/neo4j.dump").toString());
    }

    @Autowired
    AutoBackupScheduler scheduler;

    @Autowired
    AutoBackup auto;

    @Autowired
    InitialRestore initialRestore;

    @Autowired
    MetadataNodeWriter metadata;

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void theCheckIsScheduledTheInitialRestoreLeftTheDataAndTheMetadataNodeListens() {
        assertThat(scheduler.isRunning()).isTrue();
        assertThat(scheduler.nextRun()).isPresent();
        assertThat(auto.thresholds().minNewNodes()).isEqualTo(50);

        InitialRestore.Outcome again = initialRestore.runOnce();
        assertThat(again.result()).isEqualTo(InitialRestore.Result.NOT_EMPTY);

        Neo4jServer server = SharedNeo4j.get();
        Manifest manifest = TestManifests.dump("neo4j-20260101-020000").rawBytes(10).storedBytes(10)
                .sha256("b".repeat(64)).build();
        try {
            events.publishEvent(new BackupEvents.BackupSucceeded(manifest, Trigger.SCHEDULED));
            assertThat(server.count("MATCH (m:BackupMetadata {id: 'neo4j-20260101-020000', sha256: '"
                    + "b".repeat(64) + "'}) RETURN count(m)")).isEqualTo(1);
        } finally {
            server.run("MATCH (m:BackupMetadata) DELETE m");
        }
    }
}
