package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.config.ConfigInvalidException;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Stop mode database against the real Community server: Neo4j answers STOP DATABASE with an error, which
 * becomes one clear CONFIG_INVALID naming the modes that work, and Neo4j is never stopped. (The Enterprise
 * path needs an Enterprise server, which is not on Maven Central for these tests.)
 */
@ExtendWith(Neo4jExtension.class)
class DatabaseStopTest {

    @TempDir
    Path storage;

    @Test
    void communityAnswersStopDatabaseWithAClearNotSupportedAndNeo4jStaysUp(Neo4jServer server) {
        DatabaseStop stop = new DatabaseStop(server.driver(), List.of("neo4j"), Duration.ofSeconds(30),
                Duration.ofSeconds(30));

        assertThatThrownBy(stop::stop).isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(f.reason()).startsWith("stop mode database (STOP DATABASE over Bolt) is not supported on "
                    + "Neo4j Community Edition").contains("Neo4j answered Neo.");
            assertThat(f.action()).contains("BACKUP_NEO4J_STOPMODE").contains("command").contains("docker");
        });
        stop.resume(); // the run always resumes: nothing was stopped

        assertThat(server.answers()).isTrue();
    }

    @Test
    void aRunInDatabaseModeOnCommunityFailsWithThatLineAndLeavesNeo4jRunning(Neo4jServer server) {
        RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.DATABASE);
        Quiescer quiescer = Neo4jConfiguration.quiescerFor(fixture.properties(), server.installation(),
                new ProcessRunner(ChildEnvironment.byName()), server.driver());
        assertThat(quiescer).isInstanceOf(DatabaseStop.class);

        var report = fixture.quiescer(quiescer).build().run(dev.neo4jbackup.backup.BackupRequest.of(
                dev.neo4jbackup.domain.Trigger.MANUAL, null));

        assertThat(report.ok()).isFalse();
        assertThat(report.firstFailure()).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(f.reason()).contains("not supported on Neo4j Community Edition");
        });
        assertThat(server.answers()).isTrue();
        assertThat(fixture.catalog().list()).isEmpty();
    }

    @Test
    void theSystemDatabaseCannotBeStoppedByItself(Neo4jServer server) {
        RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.DATABASE)
                .databases("neo4j", "system");

        assertThatThrownBy(() -> Neo4jConfiguration.quiescerFor(fixture.properties(), server.installation(),
                new ProcessRunner(ChildEnvironment.byName()), server.driver()))
                .isInstanceOf(ConfigInvalidException.class)
                .hasMessageContaining("backup.databases (BACKUP_DATABASES)")
                .hasMessageContaining("cannot stop the system database");
    }
}
