package dev.neo4jbackup.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;

import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.offsite.OffsiteEvents;

/**
 * The off-site copies as meters, per destination ({@code destination} tag): the last delivery
 * ({@code neo4j_backup_offsite_last_success_timestamp_seconds}, from {@code .state.json}, so it survives a
 * restart), the queue's length, the bytes and duration of each upload, the failed attempts; and one health
 * component per destination under {@code offsite}.
 */
final class OffsiteObservability {

    private final OffsiteCopies copies;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration maxAge;

    OffsiteObservability(OffsiteCopies copies, MeterRegistry registry, Clock clock, Duration maxAge) {
        this.copies = copies;
        this.registry = registry;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    OffsiteObservability register() {
        for (String name : copies.destinations()) {
            Gauge.builder("neo4j_backup_offsite_last_success_timestamp_seconds", copies,
                    c -> c.lastSuccess(name).map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN))
                    .description("When a backup was last copied to the destination (absent before the first copy)")
                    .tag("destination", name).register(registry);
            Gauge.builder("neo4j_backup_offsite_queue_length", copies,
                    c -> c.pending().stream().filter(p -> p.destination().equals(name)).count())
                    .description("Backups waiting to be copied to the destination").tag("destination", name)
                    .register(registry);
            uploaded(name);
            failures(name);
        }
        return this;
    }

    private DistributionSummary uploaded(String destination) {
        return DistributionSummary.builder("neo4j_backup_offsite_upload_bytes").baseUnit("bytes")
                .description("Bytes of each delivered off-site copy (archive, sidecar, manifest)")
                .tag("destination", destination).register(registry);
    }

    private Counter failures(String destination) {
        return Counter.builder("neo4j_backup_offsite_failures_total")
                .description("Failed off-site upload attempts (each one queued again)").tag("destination", destination)
                .register(registry);
    }

    @EventListener
    void on(OffsiteEvents.Delivered event) {
        uploaded(event.destination()).record(event.bytes());
        Timer.builder("neo4j_backup_offsite_upload_duration_seconds")
                .description("How long each delivered off-site copy took").tag("destination", event.destination())
                .register(registry).record(event.took().toNanos(), TimeUnit.NANOSECONDS);
    }

    @EventListener
    void on(OffsiteEvents.Failed event) {
        failures(event.destination()).increment();
    }

    /** The health components: {@code offsite.<name>}. */
    Map<String, HealthIndicator> indicators() {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (String name : copies.destinations()) {
            indicators.put(name, () -> health(name));
        }
        return indicators;
    }

    /**
     * DOWN when a copy has been waiting longer than backup.max-age (the store is lost as a second copy); UP
     * otherwise, with the last delivery and the queue.
     */
    Health health(String name) {
        Instant now = clock.instant();
        List<OffsiteState.Pending> queued = copies.pending().stream().filter(p -> p.destination().equals(name))
                .toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("prefix", copies.prefix(name));
        details.put("lastSuccess", copies.lastSuccess(name).map(Instant::toString).orElse("never"));
        details.put("queued", queued.size());
        OffsiteState.Pending oldest = queued.stream().min(Comparator.comparing(
                OffsiteState.Pending::queuedAt)).orElse(null);
        if (oldest != null) {
            details.put("oldestQueued", oldest.id());
            if (oldest.lastErrorCode() != null) {
                details.put("lastError", oldest.lastErrorCode() + ": " + oldest.lastError());
            }
            if (oldest.queuedAt().plus(maxAge).isBefore(now)) {
                return Health.down().withDetails(details).build();
            }
        }
        return Health.up().withDetails(details).build();
    }
}
