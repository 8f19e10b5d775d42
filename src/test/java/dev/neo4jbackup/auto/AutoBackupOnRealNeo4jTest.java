package dev.neo4jbackup.auto;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.AutoBackupProperties;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.metadata.MetadataNodeWriter;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SyntheticBackups;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The auto-backup on the shared real Neo4j, with the dump kind (the kind this branch has): a graph that changed
 * too little since its last backup is skipped and counted; 60 new nodes make a real backup with trigger AUTO
 * through the runner; the metadata node written after it is in no count; the next check is quiet again. One
 * dump in all (its stop and start are most of the test's time).
 */
@ExtendWith(Neo4jExtension.class)
class AutoBackupOnRealNeo4jTest {

    @Test
    void skipsAQuietGraphBacksUpAGrownOneAndWritesItsMetadataNode(Neo4jServer server, @TempDir Path storage)
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MetadataNodeWriter metadata = new MetadataNodeWriter(server.driver(), meters);
        RunnerFixture fixture = new RunnerFixture(server, storage).onEvent(event -> {
            if (event instanceof BackupEvents.BackupSucceeded succeeded) {
                metadata.on(succeeded);
            }
        });
        GraphStatsReader stats = new GraphStatsReader(server.driver());
        BackupCatalog catalog = fixture.catalog();
        // the last backup holds the graph as it is now
        GraphStats before = stats.read("neo4j");
        SyntheticBackups.publish(catalog, "neo4j", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(
                ChronoUnit.SECONDS), before);
        AutoBackup auto = new AutoBackup(properties(Map.of("kind", "dump")), List.of("neo4j"), stats, catalog,
                fixture.state(), fixture.build(), meters);

        AutoBackup.Check quiet = auto.check();
        assertThat(quiet.backedUp()).isFalse();
        assertThat(quiet.decisions().get("neo4j").reason())
                .isEqualTo("nodes +0 (< 50), relationships +0 (< 100), growth +0 % (< 10 %)");
        assertThat(skipped(meters)).isEqualTo(1.0);

        server.run("UNWIND range(1, 60) AS i CREATE (:AutoProbe {i: i})");
        try {
            AutoBackup.Check grown = auto.check();
            assertThat(grown.backedUp()).isTrue();
            assertThat(grown.run().ok()).as("the auto run: %s", grown.run().firstFailure()).isTrue();
            Manifest manifest = grown.run().outcomes().get(0).manifest();
            assertThat(manifest.trigger()).isEqualTo(Trigger.AUTO);
            assertThat(manifest.reason()).startsWith("auto: neo4j nodes +60 (>= 50)");
            assertThat(manifest.graph().nodes()).isEqualTo(before.nodes() + 60);

            // written once for the backup, in no count: the next check compares like with like
            assertThat(server.count("MATCH (m:BackupMetadata {id: '" + manifest.id() + "', status: 'COMPLETE', "
                    + "sha256: '" + manifest.sha256() + "', nodes: " + manifest.graph().nodes() + "}) RETURN count(m)"))
                    .isEqualTo(1);
            GraphStats after = stats.read("neo4j");
            assertThat(after.nodes()).isEqualTo(manifest.graph().nodes());
            assertThat(after.labels()).doesNotContainKey(GraphStats.METADATA_LABEL);
            assertThat(metadata.write(manifest)).as("merged on id: a second write changes nothing").isTrue();
            assertThat(server.count("MATCH (m:BackupMetadata) RETURN count(m)")).isEqualTo(1);

            AutoBackup.Check again = auto.check();
            assertThat(again.backedUp()).isFalse();
            assertThat(again.decisions().get("neo4j").reason()).startsWith("nodes +0 (< 50)");
            assertThat(skipped(meters)).isEqualTo(2.0);
        } finally {
            server.run("MATCH (n) WHERE n:AutoProbe OR n:BackupMetadata DETACH DELETE n");
        }
    }

    @Test
    void aPausedSchedulerSkipsTheCheck(Neo4jServer server, @TempDir Path storage) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunnerFixture fixture = new RunnerFixture(server, storage);
        fixture.catalog().prepare();
        fixture.state().update(s -> s.withPause(Instant.now(), "operator"));
        AutoBackup auto = new AutoBackup(properties(Map.of("kind", "dump")), List.of("neo4j"),
                new GraphStatsReader(server.driver()), fixture.catalog(), fixture.state(), fixture.build(), meters);
        AutoBackup.Check check = auto.check();
        assertThat(check.backedUp()).isFalse();
        assertThat(check.skipped()).startsWith("the scheduler is paused");
        assertThat(skipped(meters)).isEqualTo(1.0);
    }

    @Test
    void aMetadataWriteThatFailsIsCountedAndNeverThrown(Neo4jServer server, @TempDir Path storage) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MetadataNodeWriter metadata = new MetadataNodeWriter(server.driver(), meters);
        Manifest nowhere = SyntheticBackups.publish(TestSigning.catalog(storage, java.time.Clock.systemUTC()),
                "nosuchdb", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(metadata.write(nowhere)).isFalse();
        assertThat(meters.get("neo4j.backup.metadata.node.failures").counter().count()).isEqualTo(1.0);
    }

    static AutoBackupProperties properties(Map<String, String> values) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((k, v) -> source.put(AutoBackupProperties.PREFIX + k, v));
        return new Binder(source).bindOrCreate("backup.logical.auto", AutoBackupProperties.class);
    }

    private static double skipped(SimpleMeterRegistry meters) {
        return meters.get("neo4j.backup.auto.skipped").tag("database", "neo4j").counter().count();
    }
}
