package dev.neo4jbackup.backup;

import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Every way a run can fail, against the real Neo4j: each gives its own code, reason and action,
 * publishes nothing, and leaves Neo4j answering (or says loudly that it is not).
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.neo4jbackup.testing.Neo4jExtension.class)
class BackupFailurePathsTest {

    @TempDir
    Path storage;

    Neo4jServer server;

    @org.junit.jupiter.api.BeforeEach
    void server(Neo4jServer shared) {
        this.server = shared;
    }

    @AfterEach
    void neo4jIsUpForTheNextTest() {
        if (!server.answers()) {
            server.start();
        }
    }

    @Test
    void stopModeNoneWhileNeo4jRunsFailsWithNeo4jAdminsOwnReasonAndPublishesNothing() throws Exception {
        RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.NONE);

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        BackupFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.NEO4J_ADMIN_FAILED);
        assertThat(failure.reason()).contains("database is in use").contains("neo4j");
        assertThat(failure.action()).isNotBlank();
        assertThat(server.answers()).isTrue();
        assertNothingPublished(fixture);
        assertThat(fixture.state().read().consecutiveFailures()).isEqualTo(1);
        assertThat(fixture.state().read().lastErrorCode()).isEqualTo("NEO4J_ADMIN_FAILED");
    }

    @Test
    void anUnknownDatabaseIsRefusedBeforeNeo4jIsStopped() throws Exception {
        long startsBefore = starts();
        RunnerFixture fixture = new RunnerFixture(server, storage).databases("nosuchdb");

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        BackupFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.NEO4J_ADMIN_FAILED);
        assertThat(failure.reason()).contains("nosuchdb");
        assertThat(failure.action()).contains("backup.databases");
        assertThat(starts()).as("Neo4j was not restarted").isEqualTo(startsBefore);
        assertThat(fixture.state().read().stoppedByUs()).isNull();
        assertNothingPublished(fixture);
    }

    @Test
    void aDumpThatFailsAfterTheStopStillStartsNeo4jAgain() throws Exception {
        RunnerFixture fixture = new RunnerFixture(server, storage).dumpTimeout(Duration.ofMillis(200));

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        BackupFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.NEO4J_ADMIN_FAILED);
        assertThat(failure.reason()).contains("dump of database 'neo4j'").contains("timed out");
        assertThat(server.answers()).as("Neo4j answers Bolt after the failed dump").isTrue();
        assertThat(fixture.state().read().stoppedByUs()).isNull();
        assertNothingPublished(fixture);
    }

    @Test
    void neo4jThatDoesNotComeBackIsCriticalAndTheMarkerStays() throws Exception {
        RunnerFixture fixture = new RunnerFixture(server, storage).startCommand("echo refusing to start; exit 3")
                .startTimeout(Duration.ofSeconds(3));

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        assertThat(report.ok()).isFalse();
        assertThat(report.failure().code()).isEqualTo(ErrorCode.NEO4J_RESTART_FAILED);
        assertThat(report.failure().reason()).contains("refusing to start");
        assertThat(fixture.events).hasAtLeastOneElementOfType(BackupEvents.Neo4jRestartFailed.class);
        assertThat(fixture.state().read().stoppedByUs()).as("the next start must start Neo4j").isNotNull();
        // the dump itself was good: it is published rather than thrown away
        assertThat(report.outcomes().get(0).manifest()).isNotNull();
        assertThat(server.answers()).isFalse();
    }

    @Test
    void missingNeo4jAdminIsItsOwnError() throws Exception {
        Path emptyHome = Files.createDirectories(storage.resolve("not-a-neo4j-home"));
        RunnerFixture fixture = new RunnerFixture(server, storage.resolve("backups"))
                .installation(new Neo4jInstallation(emptyHome, null, null));

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        BackupFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.NEO4J_ADMIN_MISSING);
        assertThat(failure.reason()).contains(emptyHome.resolve("bin/neo4j-admin").toString());
        assertThat(failure.action()).contains("NEO4J_HOME");
        assertThat(server.answers()).isTrue();
    }

    @Test
    void storageThatCannotBeWrittenIsItsOwnError() throws Exception {
        Path folder = storage.resolve("backups");
        RunnerFixture fixture = new RunnerFixture(server, folder);
        BackupRunner runner = fixture.build();
        // the folder was valid at start and became a file since (a volume unmounted, a wrong restore by hand)
        if (Files.isDirectory(folder)) {
            try (var entries = Files.walk(folder)) {
                entries.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.writeString(folder, "x");

        // the lock lives in the storage folder, so the failure comes before the run starts
        assertThatThrownBy(() -> runner.run(BackupRequest.of(Trigger.MANUAL, null)))
                .isInstanceOfSatisfying(BackupFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.STORAGE_NOT_WRITABLE);
                    assertThat(f.reason()).contains(folder.toString());
                    assertThat(f.action()).contains("BACKUP_STORAGE_PATH");
                });
        assertThat(server.answers()).isTrue();
    }

    @Test
    void storagePathUnderAFileIsRefusedAsConfiguration() throws Exception {
        Path file = Files.writeString(storage.resolve("a-file"), "x");
        RunnerFixture fixture = new RunnerFixture(server, file.resolve("backups"));

        assertThatThrownBy(fixture::build).hasRootCauseInstanceOf(dev.neo4jbackup.config.ConfigInvalidException.class)
                .rootCause().hasMessageContaining("backup.storage.path (BACKUP_STORAGE_PATH)");
        assertThat(server.answers()).isTrue();
    }

    @Test
    void unreachableNeo4jIsRefusedInPreflight() throws Exception {
        try (Driver nowhere = GraphDatabase.driver("bolt://127.0.0.1:1", AuthTokens.basic("neo4j", "x"),
                Config.builder().withConnectionTimeout(1, java.util.concurrent.TimeUnit.SECONDS).build())) {
            RunnerFixture fixture = new RunnerFixture(server, storage).driver(nowhere);

            RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

            BackupFailure failure = report.firstFailure().orElseThrow();
            assertThat(failure.code()).isEqualTo(ErrorCode.NEO4J_UNREACHABLE);
            assertThat(failure.action()).contains("NEO4J_URI");
            assertNothingPublished(fixture);
        }
    }

    @Test
    void tooLittleFreeSpaceIsRefusedWithTheNumbersBeforeNeo4jStops() throws Exception {
        long startsBefore = starts();
        RunnerFixture fixture = new RunnerFixture(server, storage).minFreeRatio(0.9999);

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));

        BackupFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
        assertThat(failure.numbers()).contains("Required:").contains("Available:");
        assertThat(failure.reason()).contains("backup.disk.min-free-ratio");
        assertThat(failure.action()).contains("BACKUP_STORAGE_PATH");
        assertThat(starts()).isEqualTo(startsBefore);
        assertNothingPublished(fixture);
    }

    @Test
    void aSecondWriterIsRefusedWithTheHolder() throws Exception {
        RunnerFixture fixture = new RunnerFixture(server, storage);
        fixture.catalog().prepare();
        try (StorageLock.Held held = new StorageLock(fixture.catalog().root()).acquire("restore of something")) {
            assertThatThrownBy(() -> fixture.build().run(BackupRequest.of(Trigger.MANUAL, null)))
                    .isInstanceOfSatisfying(BackupFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_LOCKED);
                        assertThat(f.reason()).contains("pid " + ProcessHandle.current().pid())
                                .contains("restore of something");
                    });
        }
        assertNothingPublished(fixture);
    }

    private long starts() throws Exception {
        return Files.readAllLines(server.logsDir().resolve("neo4j.log")).stream()
                .filter(line -> line.contains("Started.")).count();
    }

    private static void assertNothingPublished(RunnerFixture fixture) throws Exception {
        assertThat(fixture.catalog().list()).isEmpty();
        Path root = fixture.catalog().root();
        if (Files.isDirectory(root)) {
            try (var files = Files.list(root)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .allMatch(name -> name.startsWith("."), "only .lock, .state.json and .staging");
            }
            Path staging = root.resolve(".staging");
            if (Files.isDirectory(staging)) {
                try (var leftovers = Files.list(staging)) {
                    assertThat(leftovers).isEmpty();
                }
            }
        }
    }
}
