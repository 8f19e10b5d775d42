package dev.neo4jbackup.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.backup.Pruner;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.testing.ForgedBackups;
import dev.neo4jbackup.testing.SyntheticBackups;
import dev.neo4jbackup.testing.TestProperties;
import dev.neo4jbackup.testing.TestSigning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A manifest whose signature does not verify is no backup of this service: not the newest success (health,
 * metrics), no retention slot and never pruned, and counted by {@code neo4j_backup_untrusted_backups}; an UNSIGNED
 * one (from before signing) counts and is pruned as any other. Real files, no Neo4j.
 */
class UntrustedBackupsTest {

    @TempDir
    Path storage;

    @Test
    void anUntrustedManifestNeverCountsNorTakesARealBackupsPlace() throws Exception {
        BackupCatalog catalog = TestSigning.catalog(storage);
        catalog.prepare();
        Instant now = Instant.now();
        Manifest older = SyntheticBackups.publish(catalog, "neo4j", now.minus(Duration.ofHours(3)));
        Manifest real = SyntheticBackups.publish(catalog, "neo4j", now.minus(Duration.ofHours(2)));
        // the same day, newer than the real one: under keep-daily it would take the day's place
        String forged = ForgedBackups.wronglySigned(storage, real.id(), now.minus(Duration.ofHours(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String unsigned = ForgedBackups.unsigned(storage, real.id(), now.minus(Duration.ofDays(2))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        assertThat(catalog.successes()).extracting(Manifest::id).containsExactly(unsigned, older.id(), real.id());
        BackupView view = new BackupView(List.of("neo4j"), catalog::successes, () -> null, java.util.Optional::empty,
                Clock.systemUTC(), Duration.ZERO);
        assertThat(view.catalogue().of("neo4j").newest().id()).isEqualTo(real.id());

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new UntrustedBackupsGauge(catalog::entries, Clock.systemUTC(), Duration.ZERO).register(registry,
                List.of("neo4j", "movies"));
        assertThat(registry.get("neo4j.backup.untrusted.backups").tag("database", "neo4j").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("neo4j.backup.untrusted.backups").tag("database", "movies").gauge().value())
                .isZero();

        // keep-daily 1: the real one keeps today's place, the older one of today and the unsigned one go,
        // the forged one stays (evidence) and took nobody's place
        List<Object> events = new ArrayList<>();
        Pruner pruner = new Pruner(TestProperties.bind(Map.of("storage.path", storage.toString(),
                "retention.keep-daily", "1", "retention.keep-weekly", "0", "retention.keep-monthly", "0")), catalog,
                events::add, Clock.systemUTC(), t -> null);
        assertThat(pruner.plan().kept()).extracting(d -> d.id()).containsExactly(real.id());
        assertThat(pruner.prune(false).deleted()).containsExactlyInAnyOrder(older.id(), unsigned);
        assertThat(catalog.entries()).extracting(e -> e.id().toString()).containsExactlyInAnyOrder(real.id(), forged);
        assertThat(catalog.entries()).filteredOn(e -> e.id().toString().equals(forged))
                .allMatch(e -> e.untrusted());
    }
}
