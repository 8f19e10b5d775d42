package dev.neo4jbackup.offsite;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.retention.RetentionPlan;

/**
 * The off-site copies as the rest of the service sees them (the CLI, the API, the alerts, the meters): after every
 * local publish a backup is queued for every destination and uploaded ({@link UploadQueue}, {@link RemoteUpload}:
 * archive, sidecar, then the manifest last); a failed upload never fails the local backup. Each destination keeps
 * its own retention ({@link RemotePruner}), is listed like the local catalogue ({@link DestinationListing}) and can
 * be fetched from ({@link RemoteFetch}). A destination's store is an {@link ObjectStore}.
 */
public class OffsiteCopies {

    private final Targets targets;
    private final UploadQueue queue;
    private final DestinationListing listing;
    private final RemotePruner pruner;
    private final RemoteFetch fetch;
    private final OffsiteStatus status;

    OffsiteCopies(Targets targets, UploadQueue queue, DestinationListing listing, RemotePruner pruner,
            RemoteFetch fetch, OffsiteStatus status) {
        this.targets = targets;
        this.queue = queue;
        this.listing = listing;
        this.pruner = pruner;
        this.fetch = fetch;
        this.status = status;
    }

    public Set<String> destinations() {
        return targets.names();
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    /** This service's key prefix in a destination. */
    public String prefix(String destination) {
        return targets.get(destination).prefix();
    }

    /** Queues a just-published backup for every destination (in the run, under its lock); never throws. */
    public void queue(Manifest manifest) {
        queue.queue(manifest);
    }

    /** What is queued now, per destination. */
    public List<OffsiteState.Pending> pending() {
        return queue.pending();
    }

    public Optional<Instant> lastSuccess(String destination) {
        return status.lastSuccess(destination);
    }

    /** Tries every queued upload that is due (all of them with {@code force}); returns how many were delivered. */
    public int tick(boolean force) {
        return queue.tick(force);
    }

    /** The destination's backups of this service (all prefixes with {@code all}), oldest first. */
    public List<RemoteBackup> list(String destination, boolean all) {
        return listing.list(destination, all);
    }

    /** Where each local id also lives: the ids of this service in every destination (a failing one is left out). */
    public Map<String, List<String>> locations() {
        return listing.locations();
    }

    /**
     * Applies the destination's retention to this service's own backups of {@code database} (its own prefix
     * only). INVALID and UNTRUSTED ones are never pruned. Returns the plan.
     */
    public RetentionPlan prune(String destination, String database, boolean dryRun) {
        return pruner.prune(targets.get(destination), database, dryRun);
    }

    /** {@link #fetch(String, BackupId, Consumer, TrustOverride)} of a backup this service signed. */
    public Manifest fetch(String destination, BackupId id, Consumer<String> progress) {
        return fetch(destination, id, progress, TrustOverride.NONE);
    }

    /**
     * Downloads one backup of this service from a destination into the storage folder, verified first; a remote
     * manifest this service did not sign is refused with BACKUP_UNTRUSTED before anything is downloaded, unless
     * {@code trust} accepts it (the operator's {@code --trust-unsigned}, logged and alerted). A signed one is
     * published signed with the current key; an accepted one keeps what it had.
     */
    public Manifest fetch(String destination, BackupId id, Consumer<String> progress, TrustOverride trust) {
        return fetch.fetch(targets.get(destination), id, progress, trust);
    }

    /** For the status: per destination, queue length and last success. */
    public Map<String, String> summary() {
        return status.summary();
    }
}
