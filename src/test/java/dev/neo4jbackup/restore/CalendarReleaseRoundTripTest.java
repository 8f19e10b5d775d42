package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jVersion;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.CalendarHome;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * The service against a real Neo4j 2025.x Community (the second test home, on its own JDK): the version and
 * edition it reports, its neo4j-admin's --version, a backup with the consistency check (dump and
 * `database check` as 2025.x takes them), then the graph deleted and the backup restored with a safety
 * backup: counts and content fingerprint as before, every health check passed. Profile neo4j2025 only.
 */
@Tag(CalendarHome.TAG)
class CalendarReleaseRoundTripTest {

    @TempDir
    Path storage;

    @Test
    void backupAndRestoreOnACalendarRelease() {
        Path home = CalendarHome.require();
        String release = CalendarHome.version(home);
        try (Neo4jServer server = Neo4jServer.start("calendar-round-trip", home)) {
            Neo4jVersion version = new GraphStatsReader(server.driver()).version();
            assertThat(version.version()).isEqualTo(release);
            assertThat(version.edition()).isEqualTo("community");
            assertThat(version.enterprise()).isFalse();
            assertThat(version.release().orElseThrow().calendar()).isTrue();
            assertThat(new Neo4jAdmin(server.installation(), new ProcessRunner(ChildEnvironment.byName()))
                    .version(Duration.ofMinutes(1)))
                    .contains(version.release().orElseThrow());

            SampleGraph.create(server.driver());
            GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
            try (RestoreFixture fixture = new RestoreFixture(new RunnerFixture(server, storage)
                    .set("verify.mode", "consistency"))) {
                String id = fixture.backup();
                Manifest manifest = fixture.catalog.require(id);
                assertThat(manifest.neo4jVersion()).isEqualTo(release);
                assertThat(manifest.neo4jEdition()).isEqualTo("community");
                assertThat(manifest.status()).as("2025.x's consistency checker passed the dump")
                        .isEqualTo(Manifest.Status.VALIDATED);
                assertThat(manifest.graph().nodes()).isEqualTo(before.nodes());

                server.run("MATCH (n) DETACH DELETE n");
                assertThat(server.count("MATCH (n) RETURN count(n)")).isZero();

                RestoreResult result = fixture.restore(id);

                assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
                assertThat(result.checks()).allMatch(RestoreChecks.Check::passed);
                assertThat(result.lines()).contains("Neo4j versions: Neo4j " + release + " into " + release
                        + ": the same release line");
                assertThat(result.safetyBackupId()).isNotNull();
                assertThat(GraphFingerprint.of(server.driver())).isEqualTo(before);
                assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(manifest.graph()
                        .relationships());
                assertThat(result.observed().indexes()).isEqualTo(manifest.graph().indexes());
            }
        }
    }
}
