package dev.neo4jbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.MutableClock;
import dev.neo4jbackup.testing.TestManifests;

/** The neo4j_backup_* meters on plain registries: names as Prometheus sees them, values, events. */
class BackupMetersTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final List<Manifest> catalogue = new ArrayList<>();
    final AtomicReference<ServiceState> state = new AtomicReference<>(ServiceState.INITIAL);
    final AtomicReference<Optional<Instant>> nextRun = new AtomicReference<>(Optional.of(NOW.plusSeconds(600)));

    BackupMeters meters(MeterRegistry registry, List<String> databases) {
        BackupView view = new BackupView(databases, () -> List.copyOf(catalogue), state::get, nextRun::get, clock,
                Duration.ofMinutes(5));
        return new BackupMeters(registry, view, () -> 123_456_789.0).register();
    }

    @Test
    void everySeriesOfDesignMdIsExportedWithItsPrometheusNameAndADatabaseTag() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters(registry, List.of("neo4j"));

        String text = registry.scrape();

        for (String series : List.of(
                "neo4j_backup_last_success_timestamp_seconds{database=\"neo4j\"} 0.0",
                "neo4j_backup_duration_seconds_bucket{database=\"neo4j\",le=\"300.0\"} 0",
                "neo4j_backup_duration_seconds_count{database=\"neo4j\"} 0",
                "neo4j_backup_runs_total{database=\"neo4j\",error_code=\"none\",result=\"success\"} 0.0",
                "neo4j_backup_size_bytes{database=\"neo4j\",kind=\"raw\"} 0.0",
                "neo4j_backup_size_bytes{database=\"neo4j\",kind=\"stored\"} 0.0",
                "neo4j_backup_downtime_seconds{database=\"neo4j\"} 0.0",
                "neo4j_backup_consecutive_failures{database=\"neo4j\"} 0.0",
                "neo4j_backup_scheduler_paused{database=\"neo4j\"} 0.0",
                "neo4j_backup_next_run_timestamp_seconds{database=\"neo4j\"} 1.7723598E9",
                "neo4j_backup_retained_backups{database=\"neo4j\"} 0.0",
                "neo4j_backup_retained_bytes{database=\"neo4j\"} 0.0",
                "neo4j_backup_pruned_total{database=\"neo4j\"} 0.0",
                "neo4j_backup_storage_free_bytes{database=\"neo4j\"} 1.23456789E8",
                "neo4j_backup_verify_last_success_timestamp_seconds{database=\"neo4j\"} 0.0")) {
            assertThat(text).contains(series);
        }
        assertThat(text).doesNotContain("neo4j_backup_alerts_total");
        assertThat(text.lines().filter(l -> l.startsWith("neo4j_backup_")))
                .allSatisfy(line -> assertThat(line).contains("database=\"neo4j\""));
    }

    @Test
    void aRestartRebuildsLastSuccessSizesAndRetentionFromTheCatalogueAndState() {
        Manifest older = TestManifests.of("neo4j", NOW.minus(Duration.ofDays(1)), 1000, 900, 20_000, 3_000);
        Manifest newest = TestManifests.of("neo4j", NOW.minus(Duration.ofHours(2)), 2000, 1800, 30_000, 4_500);
        Manifest validated = older.validated(NOW.minus(Duration.ofHours(5)), "load+check");
        catalogue.addAll(List.of(validated, newest));
        state.set(ServiceState.INITIAL.withFailure(NOW, "x", "BACKUP_NO_SPACE", "full").withFailure(NOW, "x",
                "BACKUP_NO_SPACE", "full").withPause(NOW, "too many"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        meters(registry, List.of("neo4j"));

        assertThat(gauge(registry, "neo4j.backup.last.success.timestamp"))
                .isEqualTo(newest.created().getEpochSecond());
        assertThat(gauge(registry, "neo4j.backup.verify.last.success.timestamp"))
                .isEqualTo(NOW.minus(Duration.ofHours(5)).getEpochSecond());
        assertThat(registry.get("neo4j.backup.size").tag("kind", "raw").gauge().value()).isEqualTo(2000);
        assertThat(registry.get("neo4j.backup.size").tag("kind", "stored").gauge().value()).isEqualTo(1800);
        assertThat(gauge(registry, "neo4j.backup.downtime")).isEqualTo(4.5);
        assertThat(gauge(registry, "neo4j.backup.retained.backups")).isEqualTo(2);
        assertThat(gauge(registry, "neo4j.backup.retained")).isEqualTo(2700);
        assertThat(gauge(registry, "neo4j.backup.consecutive.failures")).isEqualTo(2);
        assertThat(gauge(registry, "neo4j.backup.scheduler.paused")).isEqualTo(1);
    }

    @Test
    void eventsUpdateCountersTheHistogramAndTheCatalogueGauges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMeters meters = meters(registry, List.of("neo4j", "movies"));
        Manifest m = TestManifests.of("neo4j", NOW.minusSeconds(30), 500, 400, 42_000, 7_000);

        catalogue.add(m); // published before the event, as the runner does
        meters.onSucceeded(new BackupEvents.BackupSucceeded(m, Trigger.MANUAL));
        meters.onFailed(new BackupEvents.BackupFailed("movies-20260301-095959", "movies", Trigger.SCHEDULED,
                new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "Dump failed"), NOW));
        catalogue.remove(m);
        meters.onPruned(new BackupEvents.BackupsPruned("neo4j", List.of(m.id()), 400, NOW));

        assertThat(registry.get("neo4j.backup.runs").tags("database", "neo4j", "result", "success").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("neo4j.backup.runs")
                .tags("database", "movies", "result", "failure", "error_code", "NEO4J_ADMIN_FAILED").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("neo4j.backup.duration").tag("database", "neo4j").timer().totalTime(
                TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(registry.get("neo4j.backup.pruned").tag("database", "neo4j").counter().count()).isEqualTo(1);
        // the prune event re-read the catalogue: nothing kept any more
        assertThat(registry.get("neo4j.backup.retained.backups").tag("database", "neo4j").gauge().value()).isZero();
    }

    @Test
    void aSuccessEventShowsAtOnceEvenBeforeTheCachedListingExpires() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackupMeters meters = meters(registry, List.of("neo4j"));
        assertThat(gauge(registry, "neo4j.backup.last.success.timestamp")).isZero();
        Manifest m = TestManifests.of("neo4j", NOW.minusSeconds(30), 500, 400, 42_000, 7_000);
        catalogue.add(m);
        assertThat(gauge(registry, "neo4j.backup.last.success.timestamp")).as("cached for 5 minutes").isZero();

        meters.onSucceeded(new BackupEvents.BackupSucceeded(m, Trigger.MANUAL));

        assertThat(gauge(registry, "neo4j.backup.last.success.timestamp")).isEqualTo(m.created().getEpochSecond());
    }

    @Test
    void theCachedListingIsReReadOnceStaleSoTheClisBackupsShowUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        meters(registry, List.of("neo4j"));
        catalogue.add(TestManifests.of("neo4j", NOW.minusSeconds(30), 500, 400, 42_000, 7_000));

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(gauge(registry, "neo4j.backup.retained.backups")).isEqualTo(1);
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("database", "neo4j").gauge().value();
    }
}
