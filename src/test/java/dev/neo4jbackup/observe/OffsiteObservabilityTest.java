package dev.neo4jbackup.observe;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.offsite.OffsiteEvents;
import dev.neo4jbackup.offsite.OffsiteUpload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The off-site meters and health component, read from the queue in .state.json and the upload events. */
class OffsiteObservabilityTest {

    @TempDir
    Path storage;

    @Test
    void queueLengthLastSuccessUploadsAndAHealthComponentThatGoesDownWhenACopyWaitsTooLong() {
        List<Object> events = new ArrayList<>();
        OffsiteCopies copies = OffsiteUpload.copies(storage, "http://127.0.0.1:9", events);
        TestSigning.catalog(storage, Clock.systemUTC()).prepare();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OffsiteObservability observe = new OffsiteObservability(copies, registry, Clock.systemUTC(),
                Duration.ofHours(25)).register();
        StateStore state = new StateStore(storage);

        assertThat(registry.get("neo4j_backup_offsite_last_success_timestamp_seconds").tag("destination", "offsite")
                .gauge().value()).isNaN();
        assertThat(observe.health("offsite").getStatus()).isEqualTo(Status.UP);

        Instant now = Instant.now();
        state.update(s -> s.withOffsite(s.offsiteOrEmpty().queued(new OffsiteState.Pending("offsite",
                "neo4j-20261201-020000", 2, now.minus(Duration.ofHours(2)), now, "OFFSITE_FAILED", "refused"))));
        assertThat(registry.get("neo4j_backup_offsite_queue_length").gauge().value()).isEqualTo(1.0);
        assertThat(observe.health("offsite").getStatus()).isEqualTo(Status.UP);
        assertThat(observe.health("offsite").getDetails()).containsEntry("queued", 1)
                .containsEntry("lastError", "OFFSITE_FAILED: refused");

        state.update(s -> s.withOffsite(s.offsiteOrEmpty().queued(new OffsiteState.Pending("offsite",
                "neo4j-20261201-020000", 9, now.minus(Duration.ofHours(26)), now, "OFFSITE_FAILED", "refused"))));
        assertThat(observe.health("offsite").getStatus()).isEqualTo(Status.DOWN);

        state.update(s -> s.withOffsite(s.offsiteOrEmpty().delivered("offsite", "neo4j-20261201-020000", now)));
        observe.on(new OffsiteEvents.Delivered("offsite", "neo4j-20261201-020000", "neo4j", 1234, Duration
                .ofSeconds(2), now));
        observe.on(new OffsiteEvents.Failed("offsite", "x", "neo4j", null, 1, now, now));
        assertThat(registry.get("neo4j_backup_offsite_queue_length").gauge().value()).isZero();
        assertThat(registry.get("neo4j_backup_offsite_last_success_timestamp_seconds").gauge().value())
                .isEqualTo(now.toEpochMilli() / 1000.0);
        assertThat(registry.get("neo4j_backup_offsite_upload_bytes").summary().totalAmount()).isEqualTo(1234);
        assertThat(registry.get("neo4j_backup_offsite_upload_duration_seconds").timer().count()).isEqualTo(1);
        assertThat(registry.get("neo4j_backup_offsite_failures_total").counter().count()).isEqualTo(1);
        assertThat(observe.health("offsite").getStatus()).isEqualTo(Status.UP);
    }
}
