package dev.neo4jbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.testing.MutableClock;
import dev.neo4jbackup.testing.SyntheticBackups;
import dev.neo4jbackup.testing.TestSigning;

/**
 * Health and metrics read the catalogue's real successes (COMPLETE or VALIDATED, archive present, not in the
 * future), as ObserveConfiguration wires them: a FAILED manifest without archive, a COMPLETE one whose archive
 * is gone, a CORRUPTED one and a future-dated one never make the backups look fresh.
 */
class OnlyRealSuccessesCountTest {

    @TempDir
    Path root;

    final Instant now = Instant.parse("2026-06-15T12:00:00Z");
    final MutableClock clock = new MutableClock(now);

    @Test
    void failedCorruptedArchivelessAndFutureManifestsNeitherTurnHealthUpNorMoveTheLastSuccess() throws IOException {
        BackupCatalog catalog = TestSigning.catalog(root, clock);
        catalog.prepare();
        Manifest real = SyntheticBackups.publish(catalog, "neo4j", now.minus(Duration.ofDays(3)));
        write(catalog, now.minus(Duration.ofMinutes(5)), Manifest.Status.FAILED, false);
        write(catalog, now.minus(Duration.ofMinutes(4)), Manifest.Status.COMPLETE, false); // its archive is gone
        write(catalog, now.minus(Duration.ofMinutes(3)), Manifest.Status.CORRUPTED, true);
        write(catalog, now.plus(Duration.ofDays(30)), Manifest.Status.COMPLETE, true);

        BackupView view = new BackupView(List.of("neo4j"), catalog::successes, () -> ServiceState.INITIAL,
                Optional::empty, clock, Duration.ZERO);
        var health = new BackupHealthIndicator(view, Duration.ofHours(24), Duration.ofHours(1),
                now.minus(Duration.ofDays(10)), clock).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("lastSuccessId")).isEqualTo(real.id());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new BackupMeters(registry, view, () -> 0).register();
        assertThat(registry.get("neo4j.backup.last.success.timestamp").gauge().value())
                .isEqualTo((double) real.created().getEpochSecond());
        assertThat(registry.get("neo4j.backup.retained.backups").gauge().value()).isEqualTo(1.0);
    }

    private static void write(BackupCatalog catalog, Instant created, Manifest.Status status, boolean archive)
            throws IOException {
        BackupId id = BackupId.of("neo4j", created);
        Manifest m = Manifest.builder().id(id.toString()).database("neo4j").created(created)
                .trigger(Trigger.SCHEDULED).status(status).compression(Compression.GZIP).rawBytes(1).storedBytes(1)
                .ratio(1).sha256("a".repeat(64)).build();
        Files.write(catalog.manifestPath(id), JsonCodec.toBytes(m));
        if (archive) {
            Files.writeString(catalog.archivePath(id, Compression.GZIP), "archive");
        }
    }
}
