package dev.neo4jbackup.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.domain.Manifest;

/**
 * The one read model behind health, info and metrics: the catalogue (manifests), the state file and the
 * scheduler's next run. Rebuilt from the files, so a restart keeps "last success".
 * <p>
 * The catalogue listing is cached because a scrape reads it once per gauge; events of this process
 * refresh it at once, and it is re-listed when older than {@code maxStaleness} so that backups taken or
 * pruned by the CLI (another process, same folder) show up too. The state file is small and read live,
 * so a pause from the CLI is seen at the next scrape.
 */
public final class BackupView {

    private final List<String> databases;
    private final Supplier<List<Manifest>> catalogue;
    private final Supplier<ServiceState> state;
    private final Supplier<Optional<Instant>> nextRun;
    private final Clock clock;
    private final Duration maxStaleness;
    private volatile CatalogSnapshot snapshot;

    public BackupView(List<String> databases, Supplier<List<Manifest>> catalogue, Supplier<ServiceState> state,
            Supplier<Optional<Instant>> nextRun, Clock clock, Duration maxStaleness) {
        this.databases = List.copyOf(databases);
        this.catalogue = catalogue;
        this.state = state;
        this.nextRun = nextRun;
        this.clock = clock;
        this.maxStaleness = maxStaleness;
    }

    public List<String> databases() {
        return databases;
    }

    public CatalogSnapshot catalogue() {
        CatalogSnapshot current = snapshot;
        if (current == null || current.takenAt().plus(maxStaleness).isBefore(clock.instant())) {
            return refresh();
        }
        return current;
    }

    public CatalogSnapshot refresh() {
        CatalogSnapshot fresh = CatalogSnapshot.of(databases, catalogue.get(), clock.instant());
        snapshot = fresh;
        return fresh;
    }

    public ServiceState state() {
        return state.get();
    }

    /** Empty while paused or without a scheduler (backup.scheduler.enabled=false). */
    public Optional<Instant> nextRun() {
        return nextRun.get();
    }
}
