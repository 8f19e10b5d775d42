package dev.neo4jbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.schedule.BackupScheduler.TickResult;
import dev.neo4jbackup.testing.MutableClock;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * The real runner and Neo4j: in stop mode none the first dump fails because the running server holds
 * the store; once the cause is gone (Neo4j stopped, as a standby would be) the retry a minute later
 * succeeds and the failure streak is over.
 */
@ExtendWith(Neo4jExtension.class)
class SchedulerRetryOnRealNeo4jTest {

    @TempDir
    Path storage;

    Neo4jServer server;

    @AfterEach
    void neo4jIsUpForTheNextTest() {
        if (server != null && !server.answers()) {
            server.start();
        }
    }

    @Test
    void theFirstDumpFailsWhileTheStoreIsInUseAndTheRetrySucceedsOnceItIsNot(Neo4jServer shared) {
        server = shared;
        RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.NONE);
        BackupRunner runner = fixture.build();
        List<Object> events = new ArrayList<>();
        MutableClock clock = MutableClock.at("2026-11-25T01:59:00Z");
        BackupScheduler scheduler = new BackupScheduler(
                CronSchedule.parse("0 2 * * *", ZoneId.of("UTC"), clock.instant()), RetryPolicyTest.DEFAULTS,
                runner::run, fixture.state(), fixture.catalog(), events::add, clock, Duration.ofSeconds(15), false,
                false);
        scheduler.prepare();

        clock.set(Instant.parse("2026-11-25T02:00:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RETRY_SCHEDULED);
        ServiceState failed = fixture.state().read();
        assertThat(failed.consecutiveFailures()).isEqualTo(1);
        assertThat(failed.lastErrorCode()).isEqualTo("NEO4J_ADMIN_FAILED");
        assertThat(failed.nextRetryAt()).isEqualTo(Instant.parse("2026-11-25T02:01:00Z"));
        assertThat(fixture.catalog().list()).isEmpty();

        server.stop(); // the cause goes away: the store is offline, as on a standby
        clock.set(Instant.parse("2026-11-25T02:01:00Z"));
        assertThat(scheduler.tick()).isEqualTo(TickResult.RAN_OK);

        ServiceState recovered = fixture.state().read();
        assertThat(recovered.consecutiveFailures()).isZero();
        assertThat(recovered.nextRetryAt()).isNull();
        assertThat(recovered.lastResult()).isEqualTo("SUCCESS");
        assertThat(fixture.catalog().list()).singleElement()
                .satisfies(m -> assertThat(m.trigger()).isEqualTo(Trigger.RETRY));
        assertThat(scheduler.nextRun()).contains(Instant.parse("2026-11-26T02:00:00Z"));
    }
}
