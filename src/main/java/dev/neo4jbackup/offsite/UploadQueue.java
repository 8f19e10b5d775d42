package dev.neo4jbackup.offsite;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;

/**
 * The upload queue in {@code .state.json} ({@link OffsiteState}): a published backup is queued for every
 * destination; a due entry is tried a few times with a short pause between tries ({@link UploadBackoff}); a
 * delivery removes it and runs the destination's retention, a failure keeps it queued with its error and next
 * attempt. A failed upload never fails the local backup; a local prune keeps it while it is queued.
 */
final class UploadQueue {

    private static final Logger log = LoggerFactory.getLogger(UploadQueue.class);

    /** How a pause between tries is waited for (a test need not wait). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Targets targets;
    private final RemoteUpload upload;
    private final LostQueueCheck lost;
    private final RemotePruner pruner;
    private final BackupCatalog catalog;
    private final StateStore state;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Sleeper sleeper;
    /**
     * The queue in the state may have lost entries: at the start (a damaged {@code .state.json} starts clean) and
     * after a queue entry could not be written. Until the destinations are compared with the catalogue once.
     */
    private volatile boolean reconcile = true;

    UploadQueue(Targets targets, RemoteUpload upload, LostQueueCheck lost, RemotePruner pruner, BackupCatalog catalog,
            StateStore state, ApplicationEventPublisher events, Clock clock, Sleeper sleeper) {
        this.targets = targets;
        this.upload = upload;
        this.lost = lost;
        this.pruner = pruner;
        this.catalog = catalog;
        this.state = state;
        this.events = events;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Queues a just-published backup for every destination (in the run, under its lock); never throws. */
    void queue(Manifest manifest) {
        if (targets.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try {
            state.update(s -> {
                OffsiteState offsite = s.offsiteOrEmpty();
                for (String name : targets.names()) {
                    offsite = offsite.queued(new OffsiteState.Pending(name, manifest.id(), 0, now, now, null, null));
                }
                return s.withOffsite(offsite);
            });
            log.info("OFFSITE_QUEUED: {} for {}", manifest.id(), String.join(", ", targets.names()));
        } catch (RuntimeException e) {
            reconcile = true;
            log.error("OFFSITE_FAILED: {} could not be queued for upload ({}); the next tick compares the "
                    + "destinations with the local backups and queues it again", manifest.id(), e.toString());
        }
    }

    /** What is queued now, per destination. */
    List<OffsiteState.Pending> pending() {
        return state.read().offsiteOrEmpty().queue();
    }

    /**
     * Tries every queued upload that is due (all of them with {@code force}); returns how many were delivered.
     * One at a time: the service's queue thread, or a CLI command.
     */
    synchronized int tick(boolean force) {
        Instant now = clock.instant();
        if (reconcile) {
            reconcile = !lost.requeueMissing(now);
        }
        int delivered = 0;
        for (OffsiteState.Pending pending : pending()) {
            Optional<Target> target = targets.find(pending.destination());
            if (target.isEmpty()) {
                log.warn("OFFSITE_DROPPED: {} was queued for destination '{}', which is no longer configured",
                        pending.id(), pending.destination());
                state.update(s -> s.withOffsite(s.offsiteOrEmpty().without(pending.destination(), pending.id())));
                continue;
            }
            if (!force && pending.nextAttemptAt() != null && pending.nextAttemptAt().isAfter(now)) {
                continue;
            }
            if (attempt(target.get(), pending)) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean attempt(Target target, OffsiteState.Pending pending) {
        Optional<BackupId> id = BackupId.tryParse(pending.id());
        // a manifest whose signature does not verify is never copied: its copy would look like this service's
        Optional<Manifest> manifest = id.flatMap(i -> catalog.entry(i)).filter(CatalogEntry::valid)
                .filter(e -> !e.untrusted()).map(CatalogEntry::manifest);
        if (manifest.isEmpty() || !Files.isRegularFile(catalog.archivePath(manifest.get()),
                LinkOption.NOFOLLOW_LINKS)) {
            log.warn("OFFSITE_DROPPED: {} is no longer a trusted local backup (or its signature does not verify); "
                    + "not uploaded to {}", pending.id(), target.name());
            state.update(s -> s.withOffsite(s.offsiteOrEmpty().without(target.name(), pending.id())));
            return false;
        }
        long started = System.nanoTime();
        BackupFailure failure = null;
        long bytes = 0;
        int tries = target.attempts();
        for (int tryNumber = 1; tryNumber <= tries; tryNumber++) {
            try {
                bytes = upload.upload(target, manifest.get());
                failure = null;
                break;
            } catch (BackupFailure e) {
                failure = e;
                if (e.code() == ErrorCode.OFFSITE_CONFLICT) {
                    break; // trying again overwrites nothing either
                }
            }
            if (tryNumber < tries) {
                log.warn("OFFSITE_RETRY: {} to {}: try {} of {} failed ({}); again in {} s", pending.id(),
                        target.name(), tryNumber, tries, failure.reason(),
                        UploadBackoff.pauseAfterTry(tryNumber).getSeconds());
                try {
                    sleeper.sleep(UploadBackoff.pauseAfterTry(tryNumber));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (failure == null) {
            delivered(target, pending, id.get(), bytes, Duration.ofNanos(System.nanoTime() - started));
            return true;
        }
        failed(target, pending, id.get(), failure);
        return false;
    }

    /** Out of the queue, the event for the meters, then the destination's retention over its new listing. */
    private void delivered(Target target, OffsiteState.Pending pending, BackupId id, long bytes, Duration took) {
        Instant now = clock.instant();
        state.update(s -> s.withOffsite(s.offsiteOrEmpty().delivered(target.name(), pending.id(), now)));
        log.info("OFFSITE_SUCCESS: {} copied to {} ({}) in {} s, {}", pending.id(), target.name(),
                target.store().address(RemoteLayout.databaseFolder(target.prefix(), id.database())),
                Math.round(took.toMillis() / 100.0) / 10.0, Sizes.human(bytes));
        events.publishEvent(new OffsiteEvents.Delivered(target.name(), pending.id(), id.database(), bytes, took,
                now));
        try {
            pruner.prune(target, id.database(), false);
        } catch (BackupFailure e) {
            log.warn("OFFSITE_PRUNE_FAILED: {}: {}", target.name(), e.reason());
        }
    }

    /** Stays queued with its error and the next attempt of the destination's {@code retry-delays}; alerted. */
    private void failed(Target target, OffsiteState.Pending pending, BackupId id, BackupFailure failure) {
        Instant now = clock.instant();
        int attempts = pending.attempts() + 1;
        Instant next = UploadBackoff.nextAttempt(now, attempts, target.retryDelays());
        state.update(s -> s.withOffsite(s.offsiteOrEmpty().queued(new OffsiteState.Pending(target.name(),
                pending.id(), attempts, pending.queuedAt(), next, failure.code().name(), failure.reason()))));
        log.error("OFFSITE_FAILED: {} to {}: {} (attempt {}); the local backup is kept and the upload queued, next "
                + "attempt at {}", pending.id(), target.name(), failure.reason(), attempts, next);
        events.publishEvent(new OffsiteEvents.Failed(target.name(), pending.id(), id.database(), failure, attempts,
                next, now));
    }
}
