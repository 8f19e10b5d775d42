package dev.neo4jbackup.offsite;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.OffsiteState;
import dev.neo4jbackup.catalog.RemoteManifests;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.retention.Candidate;
import dev.neo4jbackup.retention.Decision;
import dev.neo4jbackup.retention.RetentionPlan;
import dev.neo4jbackup.retention.RetentionPlanner;
import dev.neo4jbackup.retention.RetentionPolicy;

/**
 * The off-site copies: after every local publish, each backup is queued in {@code .state.json} for every
 * destination and uploaded (archive, sidecar, then the manifest last: a remote backup exists only once its
 * manifest does). A failed upload never fails the local backup: it stays queued, is tried again on the queue's
 * backoff and is alerted; a local prune keeps it meanwhile. After a delivery the destination's own retention runs
 * over its own prefix. Also reads a destination: its listing (checked like the local catalogue) and a fetch into
 * the storage folder, verified before it is published there.
 */
public class OffsiteCopies {

    private static final Logger log = LoggerFactory.getLogger(OffsiteCopies.class);

    /** A destination as configured, with its client and this service's prefix. */
    record Target(String name, OffsiteProperties.Destination config, S3Store store, String prefix) {
    }

    private final Map<String, Target> targets;
    private final BackupProperties properties;
    private final BackupCatalog catalog;
    private final StateStore state;
    private final StorageLock lock;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Sleeper sleeper;
    /**
     * The queue in the state may have lost entries: at the start (a damaged {@code .state.json} starts clean) and
     * after a queue entry could not be written. Until the destinations are compared with the catalogue once.
     */
    private volatile boolean reconcile = true;

    /** How a pause between tries is waited for (a test need not wait). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    OffsiteCopies(OffsiteProperties offsite, Map<String, S3Store> stores, BackupProperties properties,
            BackupCatalog catalog, StateStore state, StorageLock lock, ApplicationEventPublisher events, Clock clock,
            Sleeper sleeper) {
        Map<String, Target> byName = new LinkedHashMap<>();
        offsite.destinations().forEach((name, config) -> byName.put(name, new Target(name, config, stores.get(name),
                config.prefixOr(HostName.local()))));
        this.targets = byName;
        this.properties = properties;
        this.catalog = catalog;
        this.state = state;
        this.lock = lock;
        this.events = events;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Set<String> destinations() {
        return targets.keySet();
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    /** This service's key prefix in a destination. */
    public String prefix(String destination) {
        return target(destination).prefix();
    }

    // --- the queue -------------------------------------------------------------------------------------------

    /** Queues a just-published backup for every destination (in the run, under its lock); never throws. */
    public void queue(Manifest manifest) {
        if (targets.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try {
            state.update(s -> {
                OffsiteState offsite = s.offsiteOrEmpty();
                for (String name : targets.keySet()) {
                    offsite = offsite.queued(new OffsiteState.Pending(name, manifest.id(), 0, now, now, null, null));
                }
                return s.withOffsite(offsite);
            });
            log.info("OFFSITE_QUEUED: {} for {}", manifest.id(), String.join(", ", targets.keySet()));
        } catch (RuntimeException e) {
            reconcile = true;
            log.error("OFFSITE_FAILED: {} could not be queued for upload ({}); the next tick compares the "
                    + "destinations with the local backups and queues it again", manifest.id(), e.toString());
        }
    }

    /** What is queued now, per destination. */
    public List<OffsiteState.Pending> pending() {
        return state.read().offsiteOrEmpty().queue();
    }

    public Optional<Instant> lastSuccess(String destination) {
        return Optional.ofNullable(state.read().offsiteOrEmpty().lastSuccess().get(destination));
    }

    /**
     * Tries every queued upload that is due (all of them with {@code force}); returns how many were delivered.
     * One at a time: the service's queue thread, or a CLI command.
     */
    public synchronized int tick(boolean force) {
        Instant now = clock.instant();
        if (reconcile) {
            reconcile = !requeueMissing(now);
        }
        int delivered = 0;
        for (OffsiteState.Pending pending : pending()) {
            Target target = targets.get(pending.destination());
            if (target == null) {
                log.warn("OFFSITE_DROPPED: {} was queued for destination '{}', which is no longer configured",
                        pending.id(), pending.destination());
                state.update(s -> s.withOffsite(s.offsiteOrEmpty().without(pending.destination(), pending.id())));
                continue;
            }
            if (!force && pending.nextAttemptAt() != null && pending.nextAttemptAt().isAfter(now)) {
                continue;
            }
            if (attempt(target, pending)) {
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Queues again what a destination lacks, so that a lost queue never leaves a backup without its off-site copy
     * (and a local prune free to delete it): per database, the trusted local backups newer than the destination's
     * newest, or the newest alone when the destination has none (never the whole history, which the
     * destination's own retention would delete again). True when every destination answered.
     */
    private boolean requeueMissing(Instant now) {
        boolean answered = true;
        List<Manifest> local = catalog.successes();
        for (Target target : targets.values()) {
            List<RemoteBackup> remote;
            try {
                remote = list(target.name(), false);
            } catch (BackupFailure e) {
                answered = false; // tried again at the next tick; the uploads' own failures are alerted
                continue;
            }
            Set<String> queued = new HashSet<>();
            pending().stream().filter(p -> p.destination().equals(target.name())).forEach(p -> queued.add(p.id()));
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

    private boolean attempt(Target target, OffsiteState.Pending pending) {
        Optional<BackupId> id = BackupId.tryParse(pending.id());
        // a manifest whose signature does not verify is never copied: its copy would look like this service's
        Optional<Manifest> manifest = id.flatMap(i -> catalog.entry(i)).filter(CatalogEntry::valid)
                .filter(e -> !e.untrusted()).map(CatalogEntry::manifest);
        if (manifest.isEmpty() || !Files.isRegularFile(catalog.archivePath(manifest.get()),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            log.warn("OFFSITE_DROPPED: {} is no longer a trusted local backup (or its signature does not verify); "
                    + "not uploaded to {}", pending.id(), target.name());
            state.update(s -> s.withOffsite(s.offsiteOrEmpty().without(target.name(), pending.id())));
            return false;
        }
        long started = System.nanoTime();
        BackupFailure failure = null;
        long bytes = 0;
        int tries = target.config().attempts();
        for (int tryNumber = 1; tryNumber <= tries; tryNumber++) {
            try {
                bytes = upload(target, manifest.get());
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
        Instant now = clock.instant();
        if (failure == null) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            state.update(s -> s.withOffsite(s.offsiteOrEmpty().delivered(target.name(), pending.id(), now)));
            log.info("OFFSITE_SUCCESS: {} copied to {} (s3://{}/{}) in {} s, {}", pending.id(), target.name(),
                    target.store().bucket(), RemoteLayout.databaseFolder(target.prefix(), id.get().database()),
                    Math.round(took.toMillis() / 100.0) / 10.0, Sizes.human(bytes));
            events.publishEvent(new OffsiteEvents.Delivered(target.name(), pending.id(), id.get().database(), bytes,
                    took, now));
            try {
                prune(target.name(), id.get().database(), false);
            } catch (BackupFailure e) {
                log.warn("OFFSITE_PRUNE_FAILED: {}: {}", target.name(), e.reason());
            }
            return true;
        }
        int attempts = pending.attempts() + 1;
        Instant next = UploadBackoff.nextAttempt(now, attempts, target.config().retryDelays());
        BackupFailure failed = failure;
        state.update(s -> s.withOffsite(s.offsiteOrEmpty().queued(new OffsiteState.Pending(target.name(),
                pending.id(), attempts, pending.queuedAt(), next, failed.code().name(), failed.reason()))));
        log.error("OFFSITE_FAILED: {} to {}: {} (attempt {}); the local backup is kept and the upload queued, next "
                + "attempt at {}", pending.id(), target.name(), failure.reason(), attempts, next);
        events.publishEvent(new OffsiteEvents.Failed(target.name(), pending.id(), id.get().database(), failure,
                attempts, next, now));
        return false;
    }

    /** Archive, sidecar, manifest last; a manifest already there is ours only when it is the same backup. */
    private long upload(Target target, Manifest manifest) {
        BackupId id = BackupId.parse(manifest.id());
        S3Store store = target.store();
        String manifestKey = RemoteLayout.manifestKey(target.prefix(), id);
        try {
            if (store.head(manifestKey).isPresent()) {
                CatalogEntry there = RemoteManifests.judge(id, store.getSmall(manifestKey, JsonCodec.MAX_BYTES),
                        clock.instant(), catalog.signer());
                if (there.valid() && manifest.sha256().equals(there.manifest().sha256())) {
                    log.info("OFFSITE_PRESENT: {} is already in {}", manifest.id(), target.name());
                    return 0;
                }
                throw new BackupFailure(ErrorCode.OFFSITE_CONFLICT, "s3://" + store.bucket() + "/" + manifestKey
                        + " already holds " + (there.valid() ? "another backup (sha256 " + there.manifest().sha256()
                                + ")" : "an untrusted manifest (" + there.problem() + ")") + "; not overwritten",
                        null, ErrorCode.OFFSITE_CONFLICT.action(), null);
            }
            Path archive = catalog.archivePath(manifest);
            long size = Files.size(archive);
            String archiveName = CatalogNames.archiveName(manifest);
            store.putFile(RemoteLayout.key(target.prefix(), id, archiveName), archive, size);
            byte[] sidecar = new ChecksumLine(manifest.sha256(), archiveName).format().getBytes(StandardCharsets.UTF_8);
            store.putBytes(RemoteLayout.key(target.prefix(), id, CatalogNames.sidecarOf(archiveName)), sidecar,
                    "text/plain");
            byte[] json = JsonCodec.toBytes(manifest);
            store.putBytes(manifestKey, json, "application/json");
            return size + sidecar.length + json.length;
        } catch (SdkException | UncheckedIOException | S3Store.TooLarge e) {
            throw failure(target, "upload of " + manifest.id(), e);
        } catch (IOException e) {
            throw failure(target, "upload of " + manifest.id(), e);
        }
    }

    /** OFFSITE_FAILED naming the destination and the store's own words; never a credential. */
    private static BackupFailure failure(Target target, String what, Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        String secret = target.config().secretAccessKey();
        if (secret != null) {
            message = message.replace(secret, "(hidden)");
        }
        return new BackupFailure(ErrorCode.OFFSITE_FAILED, "The " + what + " to " + target.name() + " ("
                + (target.config().endpoint() == null ? "AWS " + target.config().region() : target.config().endpoint())
                + ", bucket " + target.store().bucket() + ") failed: " + message, null,
                ErrorCode.OFFSITE_FAILED.action(), null);
    }

    // --- the listing ------------------------------------------------------------------------------------------

    /** The destination's backups of this service (all prefixes with {@code all}), oldest first. */
    public List<RemoteBackup> list(String destination, boolean all) {
        Target target = target(destination);
        List<S3Object> objects;
        try {
            objects = target.store().list(all ? "" : target.prefix() + "/");
        } catch (SdkException e) {
            throw failure(target, "listing", e);
        }
        Map<String, Long> sizes = new HashMap<>();
        objects.forEach(o -> sizes.put(o.key(), o.size()));
        Instant now = clock.instant();
        List<RemoteBackup> backups = new ArrayList<>();
        for (RemoteLayout.Listed listed : RemoteLayout.manifests(sizes.keySet(), all ? null : target.prefix())) {
            String key = RemoteLayout.manifestKey(listed.prefix(), listed.id());
            CatalogEntry entry;
            try {
                entry = RemoteManifests.judge(listed.id(), target.store().getSmall(key, JsonCodec.MAX_BYTES), now,
                        catalog.signer());
            } catch (S3Store.TooLarge e) {
                entry = new CatalogEntry(listed.id(), null, "the manifest " + e.getMessage());
            } catch (SdkException e) {
                entry = new CatalogEntry(listed.id(), null, "unreadable: " + String.valueOf(e.getMessage()).lines()
                        .findFirst().orElse(""));
            }
            boolean archive = false;
            long bytes = sizes.getOrDefault(key, 0L);
            if (entry.valid()) {
                String archiveKey = RemoteLayout.key(listed.prefix(), listed.id(), CatalogNames.archiveName(
                        entry.manifest()));
                archive = sizes.containsKey(archiveKey);
                bytes += sizes.getOrDefault(archiveKey, 0L) + sizes.getOrDefault(RemoteLayout.key(listed.prefix(),
                        listed.id(), CatalogNames.sidecarOf(CatalogNames.archiveName(entry.manifest()))), 0L);
            } else {
                log.warn("MANIFEST_INVALID: s3://{}/{}: {}", target.store().bucket(), key, entry.problem());
            }
            if (entry.untrusted()) {
                log.warn("MANIFEST_UNTRUSTED: s3://{}/{}: {}", target.store().bucket(), key, entry.trust().reason());
            }
            backups.add(new RemoteBackup(destination, listed.prefix(), listed.id(), entry.manifest(), entry.problem(),
                    archive, bytes, entry.trust()));
        }
        return backups;
    }

    /** Where each local id also lives: the ids of this service in every destination (a failing one is left out). */
    public Map<String, List<String>> locations() {
        Map<String, List<String>> where = new HashMap<>();
        for (String name : targets.keySet()) {
            try {
                for (RemoteBackup backup : list(name, false)) {
                    if (backup.valid() && backup.archivePresent()) {
                        where.computeIfAbsent(backup.id().toString(), k -> new ArrayList<>()).add(backup.location());
                    }
                }
            } catch (BackupFailure e) {
                log.warn("OFFSITE_UNREACHABLE: {} could not be listed: {}", name, e.reason());
            }
        }
        return where;
    }

    // --- retention --------------------------------------------------------------------------------------------

    /** The destination's policy: its own rules, each one not set the local one's. */
    RetentionPolicy policy(Target target) {
        BackupProperties.Retention local = properties.retention();
        OffsiteProperties.DestinationRetention own = target.config().retention();
        return new RetentionPolicy(local.keepLast() == null ? 0 : local.keepLast(), local.keepHourly(),
                own.keepDaily() != null ? own.keepDaily() : local.keepDaily(),
                own.keepWeekly() != null ? own.keepWeekly() : local.keepWeekly(),
                own.keepMonthly() != null ? own.keepMonthly() : local.keepMonthly(), local.keepWithin(),
                local.minKeep(), local.expiringSoon());
    }

    /**
     * Applies the destination's retention to this service's own backups of {@code database} (its own prefix
     * only: another service's are never listed here, so never deleted). INVALID ones are never pruned. Returns
     * the plan.
     */
    public RetentionPlan prune(String destination, String database, boolean dryRun) {
        Target target = target(destination);
        List<RemoteBackup> listed = list(destination, false).stream()
                .filter(b -> b.id().database().equals(database)).toList();
        List<Candidate> candidates = new ArrayList<>();
        Map<String, RemoteBackup> byId = new HashMap<>();
        for (RemoteBackup backup : listed) {
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
        RetentionPlan plan = RetentionPlanner.plan(candidates, clock.instant(), policy(target), properties.timezone());
        List<String> deleted = new ArrayList<>();
        for (Decision drop : plan.dropped()) {
            log.info("OFFSITE_CLEANUP_DROP: {} in {}: {}{}", drop.id(), destination, drop.why(), dryRun ? " [dry run]"
                    : "");
            if (dryRun) {
                continue;
            }
            RemoteBackup backup = byId.get(drop.id());
            BackupId id = backup.id();
            String archiveName = CatalogNames.archiveName(backup.manifest());
            try {
                // the manifest first: from then on it is no backup there, whatever else is left
                target.store().delete(RemoteLayout.manifestKey(target.prefix(), id));
                target.store().delete(RemoteLayout.key(target.prefix(), id, archiveName));
                target.store().delete(RemoteLayout.key(target.prefix(), id, CatalogNames.sidecarOf(archiveName)));
                deleted.add(drop.id());
            } catch (SdkException e) {
                log.error("OFFSITE_CLEANUP_FAILED: {} in {}: {}", drop.id(), destination, e.getMessage());
            }
        }
        if (!deleted.isEmpty()) {
            log.info("OFFSITE_CLEANUP_SUCCESS: {}: deleted {}", destination, String.join(", ", deleted));
            events.publishEvent(new OffsiteEvents.Pruned(destination, database, List.copyOf(deleted),
                    clock.instant()));
        }
        return plan;
    }

    // --- fetch ------------------------------------------------------------------------------------------------

    /**
     * Downloads one backup of this service from a destination into the storage folder, verified first: the
     * remote manifest is checked like a local one, the archive's SHA-256 must be the manifest's and the sidecar
     * must agree; only then is it published (atomic renames, manifest last). An altered object is
     * BACKUP_CORRUPTED and nothing is published. A backup already in the folder with the same checksum is kept.
     */
    public Manifest fetch(String destination, BackupId id, Consumer<String> progress) {
        return fetch(destination, id, progress, TrustOverride.NONE);
    }

    /**
     * {@link #fetch(String, BackupId, Consumer)}; a remote manifest this service did not sign (no signature, or one
     * that does not verify with its keys) is refused with BACKUP_UNTRUSTED before anything is downloaded, unless
     * {@code trust} accepts it (the operator's {@code --trust-unsigned}, logged and alerted). A signed one is
     * published signed with the current key; an accepted one keeps what it had.
     */
    public Manifest fetch(String destination, BackupId id, Consumer<String> progress, TrustOverride trust) {
        Target target = target(destination);
        try (StorageLock.Held held = lock.acquire("fetch " + id + " from " + destination)) {
            Optional<CatalogEntry> local = catalog.entry(id);
            S3Store store = target.store();
            String manifestKey = RemoteLayout.manifestKey(target.prefix(), id);
            CatalogEntry remote;
            try {
                if (store.head(manifestKey).isEmpty()) {
                    throw new BackupFailure(ErrorCode.BACKUP_NOT_FOUND, "No backup with id " + id + " in "
                            + destination + " (s3://" + store.bucket() + "/" + manifestKey + ")", null,
                            "List its backups with `neo4j-backup list --from " + destination + "`", null);
                }
                remote = RemoteManifests.judge(id, store.getSmall(manifestKey, JsonCodec.MAX_BYTES), clock.instant(),
                        catalog.signer());
            } catch (SdkException | S3Store.TooLarge e) {
                throw failure(target, "fetch of " + id, e);
            }
            if (!remote.valid()) {
                throw new BackupFailure(ErrorCode.BACKUP_INVALID, id + " in " + destination + " is INVALID: "
                        + remote.problem(), null, "It is never fetched or restored; fetch another backup", null);
            }
            catalog.trustGate().require(remote, trust, "fetch", "s3:" + destination);
            Manifest manifest = remote.manifest();
            if (local.isPresent()) {
                if (local.get().valid() && manifest.sha256().equals(local.get().manifest().sha256())) {
                    progress.accept(id + " is already in the storage folder");
                    return local.get().manifest();
                }
                throw new BackupFailure(ErrorCode.OFFSITE_CONFLICT, "The storage folder already holds " + id
                        + (local.get().valid() ? " with another checksum" : ", INVALID") + "; not overwritten", null,
                        "Delete the local one first (neo4j-backup delete " + id + "), then fetch again", null);
            }
            catalog.prepare();
            requireSpace(destination, id, manifest);
            Path work = catalog.newWorkDir(id);
            try {
                String archiveName = CatalogNames.archiveName(manifest);
                Path archive = work.resolve(archiveName);
                progress.accept("Downloading s3://" + store.bucket() + "/" + RemoteLayout.key(target.prefix(), id,
                        archiveName));
                long started = System.nanoTime();
                String actual;
                try (OutputStream out = Files.newOutputStream(archive)) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    try (DigestOutputStream digest = new DigestOutputStream(out, sha)) {
                        // never more than the manifest's size (+1 byte to know it is more): an object that is
                        // larger is refused before or while it is read, not downloaded whole and then compared
                        store.get(RemoteLayout.key(target.prefix(), id, archiveName), digest,
                                manifest.storedBytes() > 0 ? manifest.storedBytes() : Long.MAX_VALUE - 1);
                    }
                    actual = HexFormat.of().formatHex(sha.digest());
                } catch (S3Store.TooLarge e) {
                    log.error("OFFSITE_FETCH_REFUSED: {} in {}: the archive {}", id, destination, e.getMessage());
                    throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive of " + id + " in " + destination
                            + " is larger than its manifest says (" + e.getMessage() + "); it was not downloaded and "
                            + "nothing was published", "Expected: " + manifest.storedBytes() + " bytes | Actual: "
                                    + (e.announced() ? "" : "more than ") + e.size() + " bytes",
                            ErrorCode.BACKUP_CORRUPTED.action(), null);
                } catch (SdkException e) {
                    throw failure(target, "download of " + id, e);
                }
                long size = Files.size(archive);
                if (!actual.equals(manifest.sha256())) {
                    throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive of " + id + " in " + destination
                            + " does not match its manifest's checksum; nothing was published", "Expected: "
                            + manifest.sha256() + " | Actual: " + actual, ErrorCode.BACKUP_CORRUPTED.action(), null);
                }
                if (manifest.storedBytes() > 0 && size != manifest.storedBytes()) {
                    throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The archive of " + id + " in " + destination
                            + " has another size than its manifest says", "Expected: " + manifest.storedBytes()
                                    + " bytes | Actual: " + size + " bytes", ErrorCode.BACKUP_CORRUPTED.action(), null);
                }
                checkSidecar(target, id, manifest, archiveName);
                double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                catalog.publish(archive, manifest, remote.trust().signed());
                progress.accept(String.format(java.util.Locale.ROOT, "Fetched %s (%s, %.1f MB/s), checksum verified",
                        id, Sizes.human(size), size / 1e6 / seconds));
                log.info("OFFSITE_FETCHED: {} from {}, sha256 {} verified", id, destination, actual);
                return manifest;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch " + id + " into " + work, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                BackupCatalog.deleteQuietly(work);
            }
        }
    }

    /** BACKUP_NO_SPACE before a byte is downloaded: the manifest says how large the archive is. */
    private void requireSpace(String destination, BackupId id, Manifest manifest) {
        if (manifest.storedBytes() <= 0) {
            return; // an old manifest without its size: the download's own ENOSPC is the answer then
        }
        dev.neo4jbackup.catalog.SpaceCheck check;
        try {
            check = dev.neo4jbackup.catalog.FreeSpace.of(catalog.root()).check(manifest.storedBytes(), 0);
        } catch (IOException e) {
            return; // the numbers cannot be read here; the download says it when the disk fills
        }
        check.refusal(catalog.root(), "to fetch " + id + " from " + destination + "; nothing was downloaded",
                "after fetching " + id, "Free up space in " + catalog.root() + " (neo4j-backup prune, or delete "
                        + "older backups), then fetch again").ifPresent(refusal -> {
                            log.error("BACKUP_NO_SPACE: fetch of {} from {}: {}", id, destination, check.numbers());
                            throw refusal;
                        });
    }

    private void checkSidecar(Target target, BackupId id, Manifest manifest, String archiveName) {
        String key = RemoteLayout.key(target.prefix(), id, CatalogNames.sidecarOf(archiveName));
        String text;
        try {
            text = new String(target.store().getSmall(key, 4096), StandardCharsets.UTF_8);
        } catch (SdkException | S3Store.TooLarge e) {
            throw failure(target, "download of " + id + "'s checksum file", e);
        }
        ChecksumLine line;
        try {
            line = ChecksumLine.parse(text.strip());
        } catch (RuntimeException e) {
            line = null;
        }
        if (line == null || !line.sha256().equals(manifest.sha256()) || !line.fileName().equals(archiveName)) {
            throw new BackupFailure(ErrorCode.BACKUP_CORRUPTED, "The checksum file of " + id + " in "
                    + target.name() + " disagrees with its manifest; nothing was published", null,
                    ErrorCode.BACKUP_CORRUPTED.action(), null);
        }
    }

    private Target target(String destination) {
        Target target = targets.get(destination);
        if (target == null) {
            throw new BackupFailure(ErrorCode.OFFSITE_UNKNOWN, "No off-site destination '" + destination + "'"
                    + (targets.isEmpty() ? "; none is configured" : "; configured: " + String.join(", ",
                            targets.keySet())), null, ErrorCode.OFFSITE_UNKNOWN.action(), null);
        }
        return target;
    }

    /** For the status: per destination, queue length and last success. */
    public Map<String, String> summary() {
        OffsiteState offsite = state.read().offsiteOrEmpty();
        Map<String, String> lines = new LinkedHashMap<>();
        for (String name : targets.keySet()) {
            List<OffsiteState.Pending> queued = offsite.queueOf(name);
            Instant last = offsite.lastSuccess().get(name);
            String line = "s3://" + targets.get(name).store().bucket() + "/" + targets.get(name).prefix() + "/, last "
                    + "copy " + (last == null ? "never" : last.toString()) + ", queued " + queued.size();
            if (!queued.isEmpty()) {
                line += " (" + queued.stream().map(p -> p.id() + (p.lastErrorCode() == null ? "" : ": "
                        + p.lastErrorCode() + " " + p.lastError())).collect(Collectors.joining("; ")) + ")";
            }
            lines.put(name, line);
        }
        return lines;
    }
}
