package dev.neo4jbackup.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.neo4jbackup.catalog.CatalogEntry;

/**
 * {@code neo4j_backup_untrusted_backups{database}}: manifests in the storage folder whose signature does not verify
 * with this service's keys (altered, forged, or signed with a key it does not hold). They never count as backups;
 * any value above 0 means someone or something wrote the folder: see {@code neo4j-backup list}. UNSIGNED ones
 * (written before signing existed) are not counted: they are expected after an upgrade.
 */
final class UntrustedBackupsGauge {

    static final String NAME = BackupMeters.PREFIX + "untrusted.backups";

    private final Supplier<List<CatalogEntry>> entries;
    private final Clock clock;
    private final Duration maxStaleness;
    private volatile Map<String, Long> counts;
    private volatile Instant countedAt;

    UntrustedBackupsGauge(Supplier<List<CatalogEntry>> entries, Clock clock, Duration maxStaleness) {
        this.entries = entries;
        this.clock = clock;
        this.maxStaleness = maxStaleness;
    }

    UntrustedBackupsGauge register(MeterRegistry registry, List<String> databases) {
        for (String database : databases) {
            Gauge.builder(NAME, this, g -> g.count(database))
                    .description("Manifests whose signature does not verify with this service's keys (never counted "
                            + "as backups)")
                    .tag("database", database).register(registry);
        }
        return this;
    }

    /** One listing per scrape at most (every gauge of a scrape reads the same counts). */
    double count(String database) {
        Instant now = clock.instant();
        Map<String, Long> current = counts;
        if (current == null || countedAt.plus(maxStaleness).isBefore(now)) {
            current = entries.get().stream().filter(CatalogEntry::untrusted)
                    .collect(Collectors.groupingBy(e -> e.id().database(), Collectors.counting()));
            counts = current;
            countedAt = now;
        }
        return current.getOrDefault(database, 0L);
    }
}
