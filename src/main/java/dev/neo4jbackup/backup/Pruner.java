package dev.neo4jbackup.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.retention.Candidate;
import dev.neo4jbackup.retention.Decision;
import dev.neo4jbackup.retention.RetentionPlan;
import dev.neo4jbackup.retention.RetentionPlanner;
import dev.neo4jbackup.retention.RetentionPolicy;

/**
 * The I/O side of retention: reads the catalogue, asks the pure {@link RetentionPlanner} what to keep,
 * deletes what it drops (archive, sidecar and manifest together) and our own failed/partial leftovers.
 * Files that are not ours (other names, other tools' dumps) are never touched.
 * <p>
 * {@link #prune} must run while the caller holds the storage lock: the runner calls it inside its run, the
 * CLI takes the lock first. {@link #plan} only reads.
 */
public class Pruner {

    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final BackupProperties properties;
    private final BackupCatalog catalog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Function<Instant, Instant> nextRun;

    /** @param nextRun the schedule's next run strictly after an instant (null: never again), for expiry times */
    public Pruner(BackupProperties properties, BackupCatalog catalog, ApplicationEventPublisher events, Clock clock,
            Function<Instant, Instant> nextRun) {
        this.properties = properties;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
        this.nextRun = nextRun;
    }

    /** backup.retention.* as the planner's policy ({@code days}, BACKUP_RETENTION_DAYS, is already keep-daily). */
    public static RetentionPolicy policy(BackupProperties.Retention retention) {
        return new RetentionPolicy(retention.keepLast() == null ? 0 : retention.keepLast(), retention.keepHourly(),
                retention.keepDaily(), retention.keepWeekly(), retention.keepMonthly(), retention.keepWithin(),
                retention.minKeep(), retention.expiringSoon());
    }

    /** The plan for every database in the catalogue, with expiry times. Reads only. */
    public RetentionPlan plan() {
        List<Manifest> kept = catalog.entries().stream().filter(e -> e.valid() && !e.untrusted())
                .map(CatalogEntry::manifest)
                .sorted(Comparator.comparing(Manifest::created).thenComparing(Manifest::id)).toList();
        return plan(null, clock.instant(), kept);
    }

    /** Prunes every database in the catalogue. Caller holds the storage lock (unless {@code dryRun}). */
    public PruneResult prune(boolean dryRun) {
        return prune(null, dryRun);
    }

    /** @param databases only these (the runner: the databases whose backup just succeeded); null = all */
    PruneResult prune(Collection<String> databases, boolean dryRun) {
        Instant now = clock.instant();
        List<CatalogEntry> entries = catalog.entries();
        List<Manifest> listed = new ArrayList<>();
        for (CatalogEntry entry : entries) {
            if (entry.untrusted()) {
                // a signature that does not verify: not this service's backup, so it neither takes a retention slot
                // from a real one nor is deleted (it is the evidence); only an explicit delete removes it
                if (databases == null || databases.contains(entry.id().database())) {
                    log.warn("CLEANUP_SKIP_UNTRUSTED: {}: {}; never pruned (neo4j-backup delete {} removes it)",
                            entry.fileName(), entry.trust().reason(), entry.id());
                }
            } else if (entry.valid()) {
                listed.add(entry.manifest());
            } else if (databases == null || databases.contains(entry.id().database())) {
                log.warn("CLEANUP_SKIP_INVALID: {}: {}; never pruned (neo4j-backup delete {} --force removes it)",
                        entry.fileName(), entry.problem(), entry.id());
            }
        }
        listed.sort(Comparator.comparing(Manifest::created).thenComparing(Manifest::id));
        RetentionPlan plan = plan(databases, now, listed);
        Map<String, Manifest> manifests = listed.stream().collect(Collectors.toMap(Manifest::id, m -> m, (a, b) -> a));
        String verb = dryRun ? "Would delete" : "Deleted";
        List<String> deleted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long freed = 0;
        for (String database : plan.databases()) {
            RetentionPlan one = plan.forDatabase(database);
            log.info("CLEANUP_START: {}: {} backups, keep {} (periods in {}){}", database, one.decisions().size(),
                    plan.policy().describe(), plan.zone().getId(), dryRun ? " [dry run]" : "");
            for (Decision decision : one.decisions()) {
                if (decision.keep()) {
                    log.debug("CLEANUP_KEEP: {}: {}{}", decision.id(), decision.why(),
                            decision.expires() == null ? "" : "; expires " + decision.expires());
                } else {
                    log.info("CLEANUP_DROP: {} ({}): {}", decision.id(), Sizes.human(decision.backup().bytes()),
                            decision.why());
                }
            }
            List<String> ids = new ArrayList<>();
            long bytes = 0;
            Set<String> held = offsiteHeld();
            for (Decision drop : one.dropped()) {
                if (held.contains(drop.id())) {
                    // the local copy is the only source of its off-site copy until the upload succeeds
                    log.warn("CLEANUP_HELD: {} is still queued for an off-site upload; kept until it is delivered",
                            drop.id());
                    continue;
                }
                if (dryRun) {
                    ids.add(drop.id());
                    bytes += drop.backup().bytes();
                    continue;
                }
                try {
                    bytes += catalog.delete(manifests.get(drop.id()));
                    ids.add(drop.id());
                } catch (UncheckedIOException e) {
                    failures.add(drop.id() + ": " + e.getCause().getMessage());
                    log.error("CLEANUP_FAILED: {} could not be deleted ({})", drop.id(), e.getCause().toString());
                }
            }
            log.info("CLEANUP_SUCCESS: {}", ids.isEmpty() ? "nothing to delete" : String.format("%s %d backup%s (%s), "
                    + "%s %s", verb, ids.size(), ids.size() == 1 ? "" : "s", String.join(", ", ids),
                    dryRun ? "would free" : "freed", Sizes.human(bytes)));
            if (!dryRun) {
                deleted.addAll(ids);
                freed += bytes;
                events.publishEvent(new BackupEvents.BackupsPruned(database, List.copyOf(ids), bytes, now));
            }
        }
        List<String> leftovers = leftovers(databases, dryRun, failures);
        return new PruneResult(plan, dryRun, deleted, dryRun ? plan.bytesFreed() : freed, leftovers, failures);
    }

    /** The ids queued for an off-site upload ({@code .state.json}); none when the state cannot be read. */
    private Set<String> offsiteHeld() {
        try {
            return new StateStore(catalog.root()).read().offsiteOrEmpty().heldIds();
        } catch (RuntimeException e) {
            log.warn("CLEANUP_HELD: the off-site queue could not be read ({})", e.toString());
            return Set.of();
        }
    }

    private RetentionPlan plan(Collection<String> databases, Instant now, List<Manifest> manifests) {
        List<Candidate> candidates = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (databases == null || databases.contains(manifest.database())) {
                candidates.add(candidate(manifest));
            }
        }
        return RetentionPlanner.plan(candidates, now, policy(properties.retention()), properties.timezone(), nextRun);
    }

    /**
     * A manifest whose archive is gone, or whose status is not a good one, is a partial backup: invalid.
     * Only trusted manifests get here (catalog.list leaves INVALID entries out: they are never pruned), and
     * every path is named from the id, never from the manifest's fields.
     */
    private Candidate candidate(Manifest manifest) {
        BackupId id = BackupId.parse(manifest.id());
        Path archive = catalog.archivePath(manifest);
        boolean valid = BackupCatalog.isSuccess(manifest)
                && Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS);
        long bytes = size(catalog.manifestPath(id)) + size(archive)
                + size(catalog.sidecarPath(manifest));
        return new Candidate(manifest.id(), manifest.database(), manifest.created(), valid, bytes);
    }

    /**
     * Our debris: archives and sidecars whose manifest is gone (a crash between renames, or a half-done delete)
     * and {@code .staging/} work folders. Only names matching our id pattern are candidates (catalog.orphans).
     */
    private List<String> leftovers(Collection<String> databases, boolean dryRun, List<String> failures) {
        List<String> found = new ArrayList<>();
        for (Path orphan : catalog.orphans()) {
            Optional<BackupId> id = CatalogNames.idOfArchiveOrSidecar(orphan.getFileName().toString());
            if (id.isPresent() && (databases == null || databases.contains(id.get().database()))) {
                found.add(catalog.root().relativize(orphan).toString());
            }
        }
        Path staging = catalog.root().resolve(CatalogNames.STAGING);
        if (Files.isSymbolicLink(staging)) {
            // sweeping it would empty the link's target, outside the storage folder
            failures.add(".staging: is a symbolic link (to " + linkTarget(staging) + "); not swept, remove the link");
            log.error("STORAGE_UNSAFE: {} is a symbolic link; not swept. Remove the link: rm {}", staging, staging);
        } else if (Files.isDirectory(staging)) {
            try (Stream<Path> entries = Files.list(staging)) {
                entries.forEach(entry -> found.add(catalog.root().relativize(entry).toString()));
            } catch (IOException e) {
                failures.add(".staging: " + e.getMessage());
            }
        }
        if (found.isEmpty() || dryRun) {
            if (!found.isEmpty()) {
                log.info("CLEANUP_LEFTOVERS: would remove {}", String.join(", ", found));
            }
            return found;
        }
        List<String> removed = new ArrayList<>();
        for (String name : found) {
            if (name.startsWith(CatalogNames.STAGING)) {
                continue;
            }
            try {
                Files.deleteIfExists(catalog.root().resolve(name));
                removed.add(name);
            } catch (IOException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        if (found.stream().anyMatch(n -> n.startsWith(CatalogNames.STAGING))) {
            try {
                catalog.sweepStaging();
                found.stream().filter(n -> n.startsWith(CatalogNames.STAGING)).forEach(removed::add);
            } catch (UncheckedIOException e) {
                failures.add(".staging: " + e.getCause().getMessage());
            }
        }
        log.info("CLEANUP_LEFTOVERS: removed {}", String.join(", ", removed));
        return removed;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The size of the file itself: a link counts 0, its target is not ours. */
    private static long size(Path file) {
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? attributes.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
