package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.observe.BackupMeters;
import dev.neo4jbackup.observe.BackupView;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.TestManifests;

/**
 * A real backup (a logical export of the shared server: nothing stops) after a previous successful one that held
 * a hundred times the graph: flagged as BACKUP_ANOMALY in its manifest and counted by the meters, kept; with
 * backup.anomaly.fail=true the run fails with BACKUP_ANOMALY and nothing is published; a restore's safety backup
 * is only flagged. The decision itself is AnomalyPolicyTest's table; the alert InconsistentExportAlertTest's sibling.
 */
@ExtendWith(Neo4jExtension.class)
class BackupAnomalyTest {

    @TempDir
    Path storage;

    @Test
    void aBackupMuchSmallerThanThePreviousOneIsFlaggedOrWithFailIsAFailure(Neo4jServer server) throws Exception {
        RunnerFixture fixture = new RunnerFixture(server, storage).stopMode(StopMode.NONE).set("kind", "logical");
        long nodes = server.count("MATCH (n) RETURN count(n)");
        long relationships = server.count("MATCH ()-[r]->() RETURN count(r)");
        Manifest big = previous(fixture.catalog(), nodes * 100, relationships * 100);

        RunReport flagged = fixture.build().run(BackupRequest.of(Trigger.MANUAL, "after a mass delete"));

        assertThat(flagged.ok()).as("%s", flagged.firstFailure()).isTrue();
        Manifest kept = flagged.outcomes().get(0).manifest();
        assertThat(kept.anomaly()).isNotNull();
        assertThat(kept.anomaly().previousId()).isEqualTo(big.id());
        assertThat(kept.anomaly().measures()).containsExactly("nodes", "relationships");
        assertThat(kept.anomaly().reason()).contains("(was " + nodes * 100 + ", down 99.").contains("since " + big.id());
        assertThat(fixture.catalog().require(kept.id()).anomaly()).as("in the manifest on disk").isEqualTo(
                kept.anomaly());
        List<BackupEvents.BackupAnomaly> told = fixture.events.stream().filter(BackupEvents.BackupAnomaly.class
                ::isInstance).map(BackupEvents.BackupAnomaly.class::cast).toList();
        assertThat(told).singleElement().satisfies(e -> assertThat(e.failed()).isFalse());

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BackupMeters meters = new BackupMeters(registry, new BackupView(List.of("neo4j"), List::of,
                () -> ServiceState.INITIAL, Optional::empty,
                Clock.systemUTC(), Duration.ofMinutes(5)), () -> 0).register();
        assertThat(registry.scrape()).contains("neo4j_backup_anomalies_total{database=\"neo4j\",measure=\"nodes\"} 0.0");
        told.forEach(meters::onAnomaly);
        assertThat(registry.scrape()).contains("neo4j_backup_anomalies_total{database=\"neo4j\",measure=\"nodes\"} 1.0")
                .contains("neo4j_backup_anomalies_total{database=\"neo4j\",measure=\"relationships\"} 1.0")
                .contains("neo4j_backup_anomalies_total{database=\"neo4j\",measure=\"stored_bytes\"} 0.0");

        // the next backup compares with the one just kept: the graph did not shrink again
        fixture.catalog().delete(kept);
        // with backup.anomaly.fail=true: a failed run, nothing published, the older backups untouched
        RunnerFixture failing = new RunnerFixture(server, storage).stopMode(StopMode.NONE).set("kind", "logical")
                .set("anomaly.fail", "true");
        RunReport refused = failing.build().run(BackupRequest.of(Trigger.MANUAL, "after a mass delete"));

        assertThat(refused.ok()).isFalse();
        var failure = refused.firstFailure().orElseThrow();
        assertThat(failure.code()).isEqualTo(ErrorCode.BACKUP_ANOMALY);
        assertThat(failure.reason()).contains("is much smaller than " + big.id()).contains("was not published");
        assertThat(failure.numbers()).contains("(was " + nodes * 100 + ", down 99.");
        assertThat(failure.action()).isEqualTo(ErrorCode.BACKUP_ANOMALY.action());
        assertThat(failing.catalog().list()).extracting(Manifest::id).containsExactly(big.id());
        assertThat(failing.events).filteredOn(BackupEvents.BackupAnomaly.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((BackupEvents.BackupAnomaly) e).failed()).isTrue());
        try (var staged = Files.list(storage.resolve(CatalogNames.STAGING))) {
            assertThat(staged).isEmpty();
        }

        // a restore's safety backup is only flagged, never refused: it must not block the restore it protects
        RunReport safety = failing.build().run(new BackupRequest(Trigger.SAFETY, "before restore", List.of(), false,
                null, null));
        assertThat(safety.ok()).as("%s", safety.firstFailure()).isTrue();
        assertThat(safety.outcomes().get(0).manifest().anomaly()).isNotNull();
    }

    /** A successful logical backup of yesterday, published as a run would, that recorded {@code nodes}. */
    private static Manifest previous(BackupCatalog catalog, long nodes, long relationships) throws Exception {
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        BackupId id = BackupId.of("neo4j", created);
        Path work = catalog.newWorkDir(id);
        Path archive = Files.write(work.resolve(CatalogNames.archiveName(id, Compression.GZIP, true, false)),
                new byte[1000]);
        GraphStats graph = new GraphStats(nodes, relationships, Map.of(), Map.of(), 0, 0);
        Manifest manifest = TestManifests.dump(id).database("neo4j").created(created)
                .archive(archive.getFileName().toString()).rawBytes(100_000).storedBytes(1000).ratio(0.01)
                .sha256(ArchivePacker.sha256(archive)).durationsMs(Map.of("total", 1000L)).graph(graph)
                .neo4jVersion("5.26.0").stopMode("none").kind(Kind.LOGICAL).build();
        catalog.publish(archive, manifest);
        BackupCatalog.deleteQuietly(work);
        return manifest;
    }
}
