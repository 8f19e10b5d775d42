package dev.neo4jbackup.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.LogicalHeader;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.GraphStatsReader;

/**
 * {@code backup.initial-restore=<file>}: a new installation restores its bundled backup by itself, once. At
 * start-up, after the start-up recovery and before the first tick: when {@code .state.json} records no initial
 * restore, the database answers and holds no data (0 nodes; the service's own {@code (:BackupMetadata)} do not
 * count), and the file is a valid backup ({@link BundledBackup}), it is restored, and the state records the file,
 * its SHA-256 and when, so that it never happens again.
 * <p>
 * A dump is put into the catalogue as a backup of its own (trigger INITIAL: listed, validated, kept by retention
 * like any other) and restored through the {@link Restorer}, without a safety backup (there is nothing to keep):
 * the same validation, load in the downtime window and health checks as every restore. A logical export (JSON
 * lines) goes the same way, as a backup of kind logical, restored clear-first over Bolt. A non-empty database is never touched (logged, skipped); a bad file is
 * INITIAL_RESTORE_INVALID, logged and alerted, and the service runs on. A file the restore refused or failed to
 * restore leaves the catalogue again: it is no backup. Without the scheduler the service does not restore it and
 * says why ({@link InitialRestoreOff}).
 */
public class InitialRestore implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InitialRestore.class);
    /** After the start-up recovery ({@code Integer.MIN_VALUE + 1000}), long before the scheduler's timer. */
    static final int PHASE = Integer.MIN_VALUE + 2000;
    static final String EVENT_ID = "initial-restore";

    public enum Result {
        NONE, ALREADY_RESTORED, NOT_EMPTY, RESTORED, FAILED
    }

    public record Outcome(Result result, String detail, String backupId) {
    }

    private final Path file;
    private final String configuredDatabase;
    private final StateStore state;
    private final BackupCatalog catalog;
    private final StorageLock lock;
    private final GraphStatsReader stats;
    private final BoltProbe probe;
    private final Restorer restorer;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration waitForNeo4j;
    private volatile boolean running;

    /**
     * @param database     the database to restore into (the first of backup.databases), whatever the file's
     *                     manifest names
     * @param waitForNeo4j how long the start may wait for Neo4j to answer (it may start alongside the service)
     */
    public InitialRestore(Path file, String database, StateStore state, BackupCatalog catalog, StorageLock lock,
            GraphStatsReader stats, BoltProbe probe, Restorer restorer,
            ApplicationEventPublisher events, Clock clock, Duration waitForNeo4j) {
        this.file = file;
        this.configuredDatabase = database;
        this.state = state;
        this.catalog = catalog;
        this.lock = lock;
        this.stats = stats;
        this.probe = probe;
        this.restorer = restorer;
        this.events = events;
        this.clock = clock;
        this.waitForNeo4j = waitForNeo4j;
    }

    @Override
    public void start() {
        running = true;
        runOnce();
    }

    /** Never throws: every failure is logged, alerted and returned. */
    public Outcome runOnce() {
        if (file == null) {
            return new Outcome(Result.NONE, "no backup.initial-restore", null);
        }
        ServiceState.InitialRestored done = state.read().initialRestore();
        if (done != null) {
            log.info("INITIAL_RESTORE_SKIPPED: {} was restored into {} at {} (sha256 {}); never again", done.file(),
                    done.database(), done.at(), done.sha256());
            return new Outcome(Result.ALREADY_RESTORED, "restored at " + done.at(), done.backupId());
        }
        String database = configuredDatabase;
        boolean handedOver = false; // from here on the restorer alerts its own failures
        String catalogued = null; // the copy in the catalogue, a backup only once it was restored
        try {
            // a non-empty database is never touched, whatever the file: checked before the file is even read
            probe.awaitAnswer(database, waitForNeo4j);
            GraphStats now = stats.read(database);
            if (now.nodes() > 0) {
                log.warn("INITIAL_RESTORE_SKIPPED: database {} holds {} nodes and {} relationships; the bundled "
                        + "backup {} is only ever restored into an empty database", database, now.nodes(),
                        now.relationships(), file);
                return new Outcome(Result.NOT_EMPTY, now.nodes() + " nodes", null);
            }
            BundledBackup.Checked checked = BundledBackup.check(file);
            log.info("INITIAL_RESTORE_START: {} ({}, {} bytes, sha256 {} checked against its {}) into the empty "
                    + "database {}", file, checked.content().name().toLowerCase(Locale.ROOT),
                    checked.bytes(), checked.sha256(), checked.checkedBy(), database);
            RestoreResult result;
            String backupId;
            boolean logical = checked.content() == BundledBackup.Content.LOGICAL;
            backupId = intoCatalogue(checked, database, logical);
            catalogued = backupId;
            handedOver = true;
            result = restorer.restore(new RestoreRequest(backupId, database, null, false, false, false,
                    logical ? LogicalImporter.Mode.CLEAR_FIRST : null), Confirmer.YES);
            if (result.outcome() != RestoreResult.Outcome.RESTORED) {
                throw new BackupFailure(ErrorCode.BACKUP_FAILED, "The initial restore of " + file + " ended "
                        + result.outcome());
            }
            Instant at = clock.instant();
            String into = database;
            state.update(s -> s.withInitialRestore(new ServiceState.InitialRestored(file.toAbsolutePath().toString(),
                    checked.sha256(), at, into, backupId)));
            log.info("INITIAL_RESTORE_DONE: {} restored into {} as {}; recorded in {}, never restored again", file,
                    database, backupId, CatalogNames.STATE);
            return new Outcome(Result.RESTORED, result.observed() == null ? "" : result.observed().summary(),
                    backupId);
        } catch (RuntimeException e) {
            BackupFailure failure = e instanceof BackupFailure f ? f
                    : BackupFailure.of(ErrorCode.BACKUP_FAILED, "The initial restore failed: " + e, e);
            log.error("INITIAL_RESTORE_FAILED: {} [{}]", file, failure.code());
            for (String line : failure.lines()) {
                log.error("{}", line);
            }
            if (catalogued != null) {
                uncatalogue(catalogued);
            }
            // a failure inside the restorer is alerted by it (RestoreFailed); one before it is alerted here
            if (!handedOver) {
                events.publishEvent(new RestoreEvents.RestoreFailed(EVENT_ID, database,
                        BackupProperties.Restore.PRIMARY,
                        failure, "the service runs on without the bundled data; it tries again at the next start",
                        clock.instant()));
            }
            return new Outcome(Result.FAILED, failure.reason(), null);
        }
    }

    /** Copies the checked file into the storage folder as a backup with trigger INITIAL; returns its id. */
    private String intoCatalogue(BundledBackup.Checked checked, String database, boolean logical) {
        catalog.prepare();
        try (StorageLock.Held held = lock.acquire("initial restore of " + file.getFileName())) {
            Instant created = clock.instant();
            BackupId id = BackupId.of(database, created);
            while (catalog.exists(id)) {
                created = created.plusSeconds(1);
                id = BackupId.of(database, created);
            }
            Manifest bundled = checked.manifest();
            // a bundled logical file without a manifest: its own header (covered by the checked SHA-256) gives the
            // counts and the fingerprint the restore is checked against; none is skipped for want of them
            LogicalHeader.Header header = logical && bundled == null ? header(checked) : null;
            GraphStats graph = bundled != null ? bundled.graph() : header != null ? header.graph() : null;
            Manifest.Logical facts = !logical ? null : bundled != null ? bundled.logical() : header.facts();
            Path work = catalog.newWorkDir(id);
            try {
                Path staged = work.resolve(CatalogNames.archiveName(id, checked.compression(), logical, false));
                Files.copy(checked.file(), staged);
                Manifest manifest = Manifest.builder().id(id.toString()).database(database).created(id.created())
                        .trigger(Trigger.INITIAL).reason("bundled initial backup " + file.getFileName()
                                + (bundled == null ? "" : " (" + bundled.id() + ")"))
                        .status(Manifest.Status.COMPLETE).compression(checked.compression())
                        .archive(staged.getFileName().toString()).rawBytes(rawBytes(checked, bundled))
                        .storedBytes(checked.bytes()).ratio(bundled != null ? bundled.ratio() : 1.0)
                        .sha256(checked.sha256()).durationsMs(Map.of())
                        .graph(graph).neo4jVersion(bundled != null ? bundled.neo4jVersion()
                                : header != null ? text(header, "neo4jVersion") : null)
                        .neo4jEdition(bundled == null ? null : bundled.neo4jEdition()).host(HostName.local())
                        .kind(logical ? Kind.LOGICAL : Kind.DUMP).logical(facts).build();
                catalog.publish(staged, manifest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + file + " into the storage folder", e);
            } finally {
                BackupCatalog.deleteQuietly(work);
            }
            log.info("INITIAL_BACKUP: {} is in the catalogue as {} (trigger INITIAL)", file, id);
            return id.toString();
        }
    }

    /** The header of a bundled logical file (plain or gzip); INITIAL_RESTORE_INVALID when it has none of ours. */
    private static LogicalHeader.Header header(BundledBackup.Checked checked) {
        try (InputStream raw = Files.newInputStream(checked.file());
                InputStream in = checked.compression() == Compression.GZIP
                        ? new GZIPInputStream(raw, 1 << 16) : raw;
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return LogicalHeader.read(reader);
        } catch (BackupFailure refused) {
            throw new BackupFailure(ErrorCode.INITIAL_RESTORE_INVALID, "The bundled logical backup " + checked.file()
                    + " cannot be restored: " + refused.reason(), null, null, refused);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + checked.file(), e);
        }
    }

    private static String text(LogicalHeader.Header header, String field) {
        return header.fields().get(field) instanceof String s ? s : null;
    }

    /**
     * A file that was refused or failed to restore is no backup: its copy leaves the catalogue again, so that status,
     * health and metrics never count it as a success (the file itself stays where it is, for the next start).
     */
    private void uncatalogue(String id) {
        try (StorageLock.Held held = lock.acquire("initial restore of " + file.getFileName() + " (failed)")) {
            catalog.entry(BackupId.parse(id)).ifPresent(entry -> {
                if (entry.valid()) {
                    catalog.delete(entry.manifest());
                } else {
                    catalog.deleteEntry(entry);
                }
            });
            log.warn("INITIAL_BACKUP_REMOVED: {} (the copy of {} made for the restore) is removed from the catalogue: "
                    + "the restore did not succeed, so it is no backup; {} itself is kept", id, file.getFileName(),
                    file);
        } catch (RuntimeException e) {
            log.error("INITIAL_BACKUP_REMOVED: {} could not be removed from the catalogue ({}); delete it: "
                    + "neo4j-backup delete {} --force", id, e.toString(), id);
        }
    }

    /**
     * The uncompressed size the validator compares its full read with: the bundled manifest's, the file's own when
     * it is not compressed, else 0 (not known: a gzipped file without its manifest; the size check is then skipped,
     * the SHA-256 and the read to the end still prove it).
     */
    private static long rawBytes(BundledBackup.Checked checked, Manifest bundled) {
        if (bundled != null) {
            return bundled.rawBytes();
        }
        return checked.compression() == Compression.NONE ? checked.bytes() : 0;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
