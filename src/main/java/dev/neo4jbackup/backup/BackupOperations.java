package dev.neo4jbackup.backup;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.retention.RetentionPlan;

/**
 * What operators do besides a run, shared by the CLI and the HTTP API so that both give the same
 * answers: delete one backup, and the status summary.
 */
public class BackupOperations {

    private static final Logger log = LoggerFactory.getLogger(BackupOperations.class);

    private final BackupProperties properties;
    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final StateStore state;
    private final Pruner pruner;
    private final Clock clock;

    public BackupOperations(BackupProperties properties, BackupCatalog catalog, StorageLock lock, StateStore state,
            Pruner pruner, Clock clock) {
        this.pruner = pruner;
        this.properties = properties;
        this.catalog = catalog;
        this.lock = lock;
        this.state = state;
        this.clock = clock;
    }

    /**
     * Deletes one backup (manifest, archive and sidecar) under the storage lock. Refuses, unless
     * {@code force}, to delete the only valid backup of its database.
     *
     * @return bytes freed
     */
    public long delete(String id, boolean force) {
        BackupId parsed = BackupId.parse(id);
        catalog.prepare();
        try (StorageLock.Held held = lock.acquire("delete " + id)) {
            CatalogEntry entry = catalog.entry(parsed).orElseThrow(() -> new BackupFailure(
                    ErrorCode.BACKUP_NOT_FOUND, "No backup with id " + id + " in " + catalog.root()));
            if (!entry.valid()) {
                // Only an explicit --force removes an INVALID entry, and only the files named from its file name.
                if (!force) {
                    throw catalog.invalid(entry);
                }
                long freed = catalog.deleteEntry(entry);
                log.info("BACKUP_DELETED: {} (INVALID entry: {}; {} bytes freed)", id, entry.problem(), freed);
                return freed;
            }
            Manifest manifest = entry.manifest();
            long others = catalog.successes().stream().filter(m -> m.database().equals(manifest.database()))
                    .filter(m -> !m.id().equals(id)).count();
            // an UNTRUSTED one (its signature does not verify) is no backup of the database to protect
            if (!entry.untrusted() && BackupCatalog.isSuccess(manifest) && others == 0 && !force) {
                throw new BackupFailure(ErrorCode.BACKUP_PROTECTED, id + " is the only backup of database '"
                        + manifest.database() + "'", null,
                        "Take a new backup first (neo4j-backup create), or pass --force to delete it anyway", null);
            }
            long freed = catalog.delete(manifest);
            log.info("BACKUP_DELETED: {} ({} bytes freed)", id, freed);
            return freed;
        }
    }

    /** The retention plan for every database: what pruning would keep and drop, and why. Reads only. */
    public RetentionPlan retentionPlan() {
        return pruner.plan();
    }

    /** Applies the retention plan under the storage lock (a dry run only reads, and takes no lock). */
    public PruneResult prune(boolean dryRun) {
        if (dryRun) {
            return pruner.prune(true);
        }
        catalog.prepare();
        try (StorageLock.Held held = lock.acquire("prune")) {
            return pruner.prune(false);
        }
    }

    /**
     * @param nextRun      the next scheduled attempt, when a schedule is known
     * @param recommended  a line saying a backup should be taken now, or null
     */
    /** @param invalid the INVALID entries of the catalogue, each with its reason (never counted as backups) */
    public record Status(ServiceState state, List<Manifest> backups, long storedBytes, Optional<Instant> nextRun,
            Duration lastSuccessAge, long freeBytes, long totalBytes, String recommended, List<CatalogEntry> invalid) {
    }

    public Status status(Optional<Instant> nextRun) {
        ServiceState current = state.read();
        List<CatalogEntry> entries = catalog.entries();
        List<Manifest> backups = entries.stream().filter(CatalogEntry::valid).map(CatalogEntry::manifest).toList();
        List<CatalogEntry> invalid = entries.stream().filter(e -> !e.valid()).toList();
        Instant now = clock.instant();
        Instant lastSuccess = current.lastSuccessAt() != null ? current.lastSuccessAt()
                : catalog.successes().stream().map(Manifest::created).max(Instant::compareTo).orElse(null);
        Duration age = lastSuccess == null ? null : Duration.between(lastSuccess, now);
        long free = -1;
        long total = -1;
        try {
            catalog.prepare();
            FreeSpace space = FreeSpace.of(catalog.root());
            free = space.usable();
            total = space.total();
        } catch (IOException | RuntimeException e) {
            log.debug("free space unknown: {}", e.getMessage());
        }
        String recommended = null;
        if (lastSuccess == null) {
            recommended = "Backup recommended: there is no backup yet (neo4j-backup create)";
        } else if (age.compareTo(properties.maxAge()) > 0) {
            recommended = "Backup recommended: the last successful backup is " + age.toHours() + " h old (max age "
                    + properties.maxAge().toHours() + " h) (neo4j-backup create)";
        } else if ("FAILED".equals(current.lastResult())) {
            recommended = "Backup recommended: the last attempt failed with " + current.lastErrorCode()
                    + " (neo4j-backup create)";
        }
        return new Status(current, backups, backups.stream().mapToLong(Manifest::storedBytes).sum(),
                current.paused() ? Optional.empty() : nextRun, age, free, total, recommended, invalid);
    }
}
