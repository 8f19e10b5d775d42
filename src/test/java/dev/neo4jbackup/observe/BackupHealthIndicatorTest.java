package dev.neo4jbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.testing.MutableClock;
import dev.neo4jbackup.testing.TestManifests;

/** The backup component's verdicts, on plain values and a hand-moved clock: no Spring context. */
class BackupHealthIndicatorTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration MAX_AGE = Duration.ofHours(25);
    static final Duration GRACE = Duration.ofHours(1);

    final MutableClock clock = new MutableClock(START);
    final List<Manifest> catalogue = new ArrayList<>();
    final AtomicReference<ServiceState> state = new AtomicReference<>(ServiceState.INITIAL);
    final AtomicReference<Optional<Instant>> nextRun = new AtomicReference<>(Optional.of(START.plusSeconds(3600)));

    BackupHealthIndicator indicator(List<String> databases) {
        BackupView view = new BackupView(databases, () -> List.copyOf(catalogue), state::get, nextRun::get, clock,
                Duration.ZERO);
        return new BackupHealthIndicator(view, MAX_AGE, GRACE, START, clock);
    }

    @Test
    void upWhileTheNewestBackupIsYoungerThanMaxAgeWithAllDetails() {
        Manifest m = TestManifests.of("neo4j", START.minus(Duration.ofHours(3)), 100, 90, 5000, 1200);
        catalogue.add(m);
        state.set(ServiceState.INITIAL.withSuccess(m.created(), m.id()).withFailure(START, "x", "NEO4J_UNREACHABLE",
                "no"));

        Health health = indicator(List.of("neo4j")).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("lastSuccessId", m.id())
                .containsEntry("lastSuccessAt", m.created().toString()).containsEntry("age", "PT3H")
                .containsEntry("consecutiveFailures", 1).containsEntry("paused", false)
                .containsEntry("nextRun", START.plusSeconds(3600).toString())
                .containsEntry("lastErrorCode", "NEO4J_UNREACHABLE").doesNotContainKey("reason");
    }

    @Test
    void downWhenTheNewestBackupIsOlderThanMaxAge() {
        catalogue.add(TestManifests.of("neo4j", START.minus(Duration.ofHours(24)), 100, 90, 5000, 0));
        BackupHealthIndicator indicator = indicator(List.of("neo4j"));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        clock.advance(Duration.ofHours(1).plusSeconds(1));

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).contains("PT25H1S old", "backup.max-age PT25H");
    }

    @Test
    void downWhilePausedEvenWithAFreshBackup() {
        catalogue.add(TestManifests.of("neo4j", START.minusSeconds(60), 100, 90, 5000, 0));
        state.set(ServiceState.INITIAL.withPause(START, "5 backup failures in a row"));
        nextRun.set(Optional.empty());

        Health health = indicator(List.of("neo4j")).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("paused", true).containsEntry("nextRun", "none");
        assertThat((String) health.getDetails().get("reason")).contains("paused", "neo4j-backup resume");
    }

    @Test
    void noBackupYetIsUpWithinTheStartupGraceAndDownAfterIt() {
        BackupHealthIndicator indicator = indicator(List.of("neo4j"));

        Health early = indicator.health();
        assertThat(early.getStatus()).isEqualTo(Status.UP);
        assertThat(early.getDetails()).containsEntry("lastSuccessId", "none").containsEntry("age", "none")
                .containsKey("note");

        clock.advance(GRACE.plusSeconds(1));

        Health late = indicator.health();
        assertThat(late.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) late.getDetails().get("reason")).contains("no successful backup of neo4j",
                "backup.health.startup-grace");
    }

    @Test
    void aRestartWithAStaleBackupIsDownAtOnceTheGraceIsOnlyForNoBackupAtAll() {
        catalogue.add(TestManifests.of("neo4j", START.minus(Duration.ofDays(3)), 100, 90, 5000, 0));

        assertThat(indicator(List.of("neo4j")).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void theWeakestDatabaseDecides() {
        catalogue.add(TestManifests.of("neo4j", START.minusSeconds(60), 100, 90, 5000, 0));
        catalogue.add(TestManifests.of("movies", START.minus(Duration.ofHours(30)), 100, 90, 5000, 0));

        Health health = indicator(List.of("neo4j", "movies")).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("lastSuccessId")).startsWith("movies-");
        assertThat(health.getDetails()).containsKey("databases");
    }
}
