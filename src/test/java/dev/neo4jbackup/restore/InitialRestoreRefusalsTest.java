package dev.neo4jbackup.restore;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.GraphStatsReader;

/**
 * The initial restore's refusals that need no Neo4j: a state that records it makes it a no-op before anything
 * is asked; a Neo4j that does not answer is NEO4J_UNREACHABLE, alerted, and the start goes on.
 */
class InitialRestoreRefusalsTest {

    @TempDir
    Path storage;

    private final List<Object> events = new ArrayList<>();

    @Test
    void aRecordedRestoreIsNeverDoneAgain() {
        StateStore state = new StateStore(storage);
        state.update(s -> s.withInitialRestore(new ServiceState.InitialRestored("/seed/neo4j.dump", "a".repeat(64),
                Instant.parse("2026-01-01T00:00:00Z"), "neo4j", "neo4j-20260101-000000")));
        try (Driver nowhere = nowhere()) {
            InitialRestore.Outcome outcome = initialRestore(nowhere, state).runOnce();
            assertThat(outcome.result()).isEqualTo(InitialRestore.Result.ALREADY_RESTORED);
            assertThat(outcome.backupId()).isEqualTo("neo4j-20260101-000000");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void aNeo4jThatDoesNotAnswerIsAFailureTheStartSurvives() {
        try (Driver nowhere = nowhere()) {
            InitialRestore.Outcome outcome = initialRestore(nowhere, new StateStore(storage)).runOnce();
            assertThat(outcome.result()).isEqualTo(InitialRestore.Result.FAILED);
        }
        assertThat(events).singleElement().isInstanceOfSatisfying(RestoreEvents.RestoreFailed.class, failed -> {
            assertThat(failed.failure().code()).isEqualTo(ErrorCode.NEO4J_UNREACHABLE);
            assertThat(failed.nextStep()).contains("tries again at the next start");
        });
        assertThat(new StateStore(storage).read().initialRestore()).isNull();
    }

    private InitialRestore initialRestore(Driver driver, StateStore state) {
        return new InitialRestore(storage.resolve("seed.dump"), "neo4j", state, TestSigning.catalog(storage,
                Clock.systemUTC()), new StorageLock(storage), new GraphStatsReader(driver), new BoltProbe(driver),
                null, events::add, Clock.systemUTC(), Duration.ofMillis(300));
    }

    /** A port nothing listens on. */
    private static Driver nowhere() {
        return GraphDatabase.driver("bolt://127.0.0.1:1", AuthTokens.basic("neo4j", "x"),
                Config.builder().withConnectionTimeout(1, TimeUnit.SECONDS).build());
    }
}
