package dev.neo4jbackup.cli;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.SyntheticBackups;

/**
 * {@code create --auto} through the service's own wiring, on the shared Neo4j: with a last backup that holds
 * the graph as it is, one check says why nothing is due, takes no backup and exits 0.
 */
@ExtendWith(Neo4jExtension.class)
class CliAutoBackupTest {

    @Test
    void aQuietGraphIsSkippedWithItsNumbers(Neo4jServer server, @TempDir Path storage) throws Exception {
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
        SyntheticBackups.publish(catalog, "neo4j", Instant.now().minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS), new GraphStatsReader(server.driver()).read("neo4j"));
        Map<String, String> properties = new LinkedHashMap<>(server.springProperties(storage));
        properties.put("backup.logical.auto.kind", "dump");

        CliRun auto = CliRun.of(properties, "create", "--auto");
        assertThat(auto.exit()).as(auto.toString()).isZero();
        assertThat(auto.out()).contains("AUTO_SKIPPED: neo4j nodes +0 (< 50), relationships +0 (< 100), growth +0 % "
                + "(< 10 %)");
        assertThat(catalog.list()).hasSize(1);
    }
}
