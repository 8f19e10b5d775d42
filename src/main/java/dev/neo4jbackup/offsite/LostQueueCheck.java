package dev.neo4jbackup.offsite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;

/**
 * The queue in {@code .state.json} may have lost entries (a damaged state file starts clean, a queue entry could
 * not be written): this compares every destination with the local catalogue and queues again what a destination
 * lacks, so that no backup stays without its off-site copy (and a local prune free to delete it).
 */
final class LostQueueCheck {

    private static final Logger log = LoggerFactory.getLogger(LostQueueCheck.class);

    private final Targets targets;
    private final DestinationListing listing;
    private final BackupCatalog catalog;
    private final StateStore state;

    LostQueueCheck(Targets targets, DestinationListing listing, BackupCatalog catalog, StateStore state) {
        this.targets = targets;
        this.listing = listing;
        this.catalog = catalog;
        this.state = state;
    }

    /**
     * Per database, queues the trusted local backups newer than the destination's newest, or the newest alone when
     * the destination has none (never the whole history, which the destination's own retention would delete
     * again). True when every destination answered.
     */
    boolean requeueMissing(Instant now) {
        boolean answered = true;
        List<Manifest> local = catalog.successes();
        for (Target target : targets.all()) {
            List<RemoteBackup> remote;
            try {
                remote = listing.list(target.name(), false);
            } catch (BackupFailure e) {
                answered = false; // tried again at the next tick; the uploads' own failures are alerted
                continue;
            }
            Set<String> queued = new HashSet<>();
            state.read().offsiteOrEmpty().queueOf(target.name()).forEach(p -> queued.add(p.id()));
            Map<String, List<Manifest>> byDatabase = new TreeMap<>();
            local.forEach(m -> byDatabase.computeIfAbsent(m.database(), d -> new ArrayList<>()).add(m));
            byDatabase.forEach((database, manifests) -> {
                Optional<Instant> newestThere = remote.stream().filter(RemoteBackup::valid)
                        .filter(b -> b.id().database().equals(database)).map(b -> b.manifest().created())
                        .max(Comparator.naturalOrder());
                List<Manifest> missing = manifests.stream().sorted(Comparator.comparing(Manifest::created))
                        .filter(m -> newestThere.map(t -> m.created().isAfter(t)).orElse(true)).toList();
                if (newestThere.isEmpty() && !missing.isEmpty()) {
                    missing = List.of(missing.get(missing.size() - 1));
                }
                for (Manifest m : missing) {
                    if (queued.add(m.id())) {
                        state.update(s -> s.withOffsite(s.offsiteOrEmpty().queued(new OffsiteState.Pending(
                                target.name(), m.id(), 0, now, now, null, null))));
                        log.warn("OFFSITE_REQUEUED: {} is not in {} and was not queued (a lost or damaged state); "
                                + "queued again", m.id(), target.name());
                    }
                }
            });
        }
        return answered;
    }
}
