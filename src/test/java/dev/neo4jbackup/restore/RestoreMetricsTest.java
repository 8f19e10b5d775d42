package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.observe.RestoreMeters;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Restores and drills are counted: every one the restorer attempts ends in one RestoreFinished event, which the
 * meters turn into {@code neo4j_backup_restores_total{database,kind,result,error_code}} and, for a success, the
 * last one's time and downtime. Refusals against the real restorer and the shared server (nothing is stopped); the
 * success of a real restore is in {@link RestoreRoundTripTest}.
 */
@ExtendWith(Neo4jExtension.class)
class RestoreMetricsTest {

    @TempDir
    Path storage;

    @Test
    void aRefusedRestoreAndARefusedDrillAreCountedAsFailuresWithTheirCode(Neo4jServer server) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RestoreMeters meters = new RestoreMeters(registry, List.of("neo4j")).register();
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.sharedBackup();
            Path archive = fixture.catalog.archivePath(fixture.catalog.require(id));
            RestoreRefusalsTest.flip(archive, Files.size(archive) / 2);

            BackupFailure restore = catchThrowableOfType(BackupFailure.class, () -> fixture.restore(id));
            BackupFailure drill = catchThrowableOfType(BackupFailure.class, () -> fixture.restorer.drill(
                    new RestoreRequest(id, "neo4j", null, false, false, false)));

            assertThat(restore.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
            assertThat(drill.code()).isEqualTo(ErrorCode.BACKUP_CORRUPTED);
            List<RestoreEvents.RestoreFinished> finished = fixture.events.stream()
                    .filter(RestoreEvents.RestoreFinished.class::isInstance)
                    .map(RestoreEvents.RestoreFinished.class::cast).toList();
            assertThat(finished).extracting(RestoreEvents.RestoreFinished::kind).containsExactly("restore", "drill");
            finished.forEach(meters::onFinished);
        }

        String text = registry.scrape();
        assertThat(text).contains("neo4j_backup_restores_total{database=\"neo4j\",error_code=\"BACKUP_CORRUPTED\","
                + "kind=\"restore\",result=\"failure\"} 1.0")
                .contains("neo4j_backup_restores_total{database=\"neo4j\",error_code=\"BACKUP_CORRUPTED\","
                        + "kind=\"drill\",result=\"failure\"} 1.0")
                .contains("neo4j_backup_restore_last_success_timestamp_seconds{database=\"neo4j\",kind=\"restore\"} 0.0")
                .contains("neo4j_backup_restore_last_success_timestamp_seconds{database=\"neo4j\",kind=\"drill\"} 0.0");
    }

    /** The series exist before any restore (0), and a success sets the time and the downtime; a cancel is no success. */
    @Test
    void everySeriesIsThereFromTheStartAndASuccessSetsItsTimeAndDowntime() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RestoreMeters meters = new RestoreMeters(registry, List.of("neo4j", "movies")).register();
        assertThat(registry.scrape()).contains("neo4j_backup_restores_total{database=\"movies\",error_code=\"none\","
                + "kind=\"drill\",result=\"success\"} 0.0")
                .contains("neo4j_backup_restore_downtime_seconds{database=\"movies\",kind=\"restore\"} 0.0");

        Instant at = Instant.parse("2026-12-01T03:00:00Z");
        meters.onFinished(new RestoreEvents.RestoreFinished("neo4j-20261201-020000", "neo4j", "scratch", "drill",
                null, false, Duration.ofMillis(12_500), at));
        meters.onFinished(new RestoreEvents.RestoreFinished("neo4j-20261201-020000", "neo4j", "primary", "restore",
                null, true, Duration.ZERO, at.plusSeconds(60)));

        String text = registry.scrape();
        assertThat(text).contains("neo4j_backup_restores_total{database=\"neo4j\",error_code=\"none\",kind=\"drill\","
                + "result=\"success\"} 1.0")
                .contains("neo4j_backup_restores_total{database=\"neo4j\",error_code=\"none\",kind=\"restore\","
                        + "result=\"cancelled\"} 1.0")
                .contains("neo4j_backup_restore_last_success_timestamp_seconds{database=\"neo4j\",kind=\"drill\"} "
                        + "1.796094E9")
                .contains("neo4j_backup_restore_downtime_seconds{database=\"neo4j\",kind=\"drill\"} 12.5")
                .contains("neo4j_backup_restore_last_success_timestamp_seconds{database=\"neo4j\",kind=\"restore\"} "
                        + "0.0");
    }
}
