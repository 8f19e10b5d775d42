package dev.neo4jbackup.offsite;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.retention.Candidate;
import dev.neo4jbackup.retention.Decision;
import dev.neo4jbackup.retention.RetentionPlan;
import dev.neo4jbackup.retention.RetentionPlanner;
import dev.neo4jbackup.retention.RetentionPolicy;

/**
 * A destination's own retention: the local folder's planner ({@link RetentionPlanner}), guards and reasons over
 * the destination's listing of this service's prefix only (another service's backups are never listed here, so
 * never deleted), with the destination's keep-daily/weekly/monthly where it sets them. A backup is deleted whole,
 * the manifest first; an INVALID or UNTRUSTED one is never pruned.
 */
final class RemotePruner {

    private static final Logger log = LoggerFactory.getLogger(RemotePruner.class);

    private final DestinationListing listing;
    private final BackupProperties.Retention local;
    private final ZoneId timezone;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /** @param local the local folder's rules ({@code backup.retention}), for every rule a destination leaves out */
    RemotePruner(DestinationListing listing, BackupProperties.Retention local, ZoneId timezone,
            ApplicationEventPublisher events, Clock clock) {
        this.listing = listing;
        this.local = local;
        this.timezone = timezone;
        this.events = events;
        this.clock = clock;
    }

    /** The destination's policy: its own rules, each one not set the local one's. */
    RetentionPolicy policy(Target target) {
        OffsiteProperties.DestinationRetention own = target.retention();
        return new RetentionPolicy(local.keepLast() == null ? 0 : local.keepLast(), local.keepHourly(),
                own.keepDaily() != null ? own.keepDaily() : local.keepDaily(),
                own.keepWeekly() != null ? own.keepWeekly() : local.keepWeekly(),
                own.keepMonthly() != null ? own.keepMonthly() : local.keepMonthly(), local.keepWithin(),
                local.minKeep(), local.expiringSoon());
    }

    /** Applies the destination's retention to this service's backups of {@code database}; returns the plan. */
    RetentionPlan prune(Target target, String database, boolean dryRun) {
        String destination = target.name();
        List<Candidate> candidates = new ArrayList<>();
        Map<String, RemoteBackup> byId = new HashMap<>();
        for (RemoteBackup backup : listing.list(destination, false)) {
            if (!backup.id().database().equals(database)) {
                continue;
            }
            if (!backup.valid()) {
                log.warn("OFFSITE_CLEANUP_SKIP_INVALID: {} in {}: {}; never pruned", backup.id(), destination,
                        backup.problem());
                continue;
            }
            if (backup.trust().untrusted()) {
                // not this service's (its signature does not verify): neither kept by the rules nor deleted
                log.warn("OFFSITE_CLEANUP_SKIP_UNTRUSTED: {} in {}: {}; never pruned", backup.id(), destination,
                        backup.trust().reason());
                continue;
            }
            byId.put(backup.id().toString(), backup);
            candidates.add(new Candidate(backup.id().toString(), database, backup.manifest().created(),
                    backup.archivePresent() && backup.manifest().status().success(), backup.storedBytes()));
        }
        RetentionPlan plan = RetentionPlanner.plan(candidates, clock.instant(), policy(target), timezone);
        List<String> deleted = new ArrayList<>();
        for (Decision drop : plan.dropped()) {
            log.info("OFFSITE_CLEANUP_DROP: {} in {}: {}{}", drop.id(), destination, drop.why(), dryRun ? " [dry run]"
                    : "");
            if (!dryRun && delete(target, byId.get(drop.id()))) {
                deleted.add(drop.id());
            }
        }
        if (!deleted.isEmpty()) {
            log.info("OFFSITE_CLEANUP_SUCCESS: {}: deleted {}", destination, String.join(", ", deleted));
            events.publishEvent(new OffsiteEvents.Pruned(destination, database, List.copyOf(deleted),
                    clock.instant()));
        }
        return plan;
    }

    /** The manifest first: from then on it is no backup there, whatever else is left. */
    private static boolean delete(Target target, RemoteBackup backup) {
        BackupId id = backup.id();
        String archiveName = CatalogNames.archiveName(backup.manifest());
        try {
            target.store().delete(target.manifestKey(id));
            target.store().delete(target.key(id, archiveName));
            target.store().delete(target.key(id, CatalogNames.sidecarOf(archiveName)));
            return true;
        } catch (ObjectStore.Failure e) {
            log.error("OFFSITE_CLEANUP_FAILED: {} in {}: {}", id, target.name(), e.getMessage());
            return false;
        }
    }
}
