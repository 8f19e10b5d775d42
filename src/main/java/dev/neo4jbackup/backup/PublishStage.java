package dev.neo4jbackup.backup;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.PackResult;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.neo4j.DowntimeWindow;
import dev.neo4jbackup.neo4j.Neo4jVersion;

/**
 * Stage 5, publish: the manifest is built (here, and only here), then the catalogue publishes the verified
 * archive in the storage folder (sidecar, archive, manifest by atomic rename). Off-site copies follow from the
 * run's success event ({@code offsite}), so their failure never undoes the local one.
 */
final class PublishStage {

    private static final Logger log = LoggerFactory.getLogger(PublishStage.class);

    /** One database's published backup, or why it could not be published. */
    record Published(Verified verified, Manifest manifest, BackupFailure failure) implements RunStep {
        @Override
        public Planned planned() {
            return verified.planned();
        }

        @Override
        public Path workDir() {
            return verified.workDir();
        }
    }

    /**
     * What the run knows by the time it publishes, for the manifest.
     *
     * @param startNanos the run's start ({@link System#nanoTime()}), for the total duration
     */
    record RunFacts(BackupRequest request, Timed<PreflightStage.Preflight> preflight, Duration stopTook,
            DowntimeWindow.Resumed resumed, String stopMode, long startNanos, BackupKind kind, String snapshot) {

        RunFacts(BackupRequest request, Timed<PreflightStage.Preflight> preflight, Duration stopTook,
                DowntimeWindow.Resumed resumed, String stopMode, long startNanos, BackupKind kind) {
            this(request, preflight, stopTook, resumed, stopMode, startNanos, kind, null);
        }

        RunFacts(BackupRequest request, Timed<PreflightStage.Preflight> preflight, Duration stopTook,
                DowntimeWindow.Resumed resumed, String stopMode, long startNanos) {
            this(request, preflight, stopTook, resumed, stopMode, startNanos, null);
        }
    }

    private final BackupCatalog catalog;
    private final Compression compression;
    private final Clock clock;
    private final String toolVersion;

    private final AnomalyCheck anomalies;

    PublishStage(BackupCatalog catalog, Compression compression, Clock clock, String toolVersion) {
        this(catalog, compression, clock, toolVersion, AnomalyCheck.OFF);
    }

    PublishStage(BackupCatalog catalog, Compression compression, Clock clock, String toolVersion,
            AnomalyCheck anomalies) {
        this.anomalies = anomalies;
        this.catalog = catalog;
        this.compression = compression;
        this.clock = clock;
        this.toolVersion = toolVersion;
    }

    Published publish(Verified verified, RunFacts run) {
        Manifest manifest = manifest(verified, run);
        // much smaller than the previous successful backup: flagged, or with backup.anomaly.fail not published
        Manifest.Anomaly anomaly = anomalies.check(manifest, run.request().trigger());
        if (anomaly != null) {
            if (anomalies.fails(run.request().trigger())) {
                return new Published(verified, null, anomalies.failure(manifest, anomaly));
            }
            manifest = manifest.withAnomaly(anomaly);
        }
        try {
            Path archive = catalog.publish(verified.packed().archive(), manifest);
            BackupCatalog.deleteQuietly(verified.workDir());
            log.info("Backup ID: {}", manifest.id());
            log.info("BACKUP_SUCCESS: {} ({} seconds) stored at {}", manifest.id(),
                    Math.round(manifest.durationMs() / 1000.0), archive);
            return new Published(verified, manifest, null);
        } catch (UncheckedIOException e) {
            return new Published(verified, null, PackageStage.diskFailure(catalog, e));
        } catch (BackupFailure e) {
            return new Published(verified, null, e); // e.g. STORAGE_UNSAFE: a link appeared where the archive goes
        }
    }

    private Manifest manifest(Verified verified, RunFacts run) {
        PackResult packed = verified.packed();
        Map<String, Long> durations = new LinkedHashMap<>();
        durations.put("preflight", run.preflight().ms());
        durations.put("stop", run.stopTook().toMillis());
        durations.put("dump", verified.capture().took().toMillis());
        durations.put("start", run.resumed().took().toMillis());
        durations.put("package", packed.took().toMillis());
        durations.put("verify", verified.verifyTook().toMillis());
        durations.put("total", (System.nanoTime() - run.startNanos()) / 1_000_000);
        PreflightStage.Preflight preflight = run.preflight().value();
        Neo4jVersion version = preflight.version();
        BackupRequest request = run.request();
        Planned planned = verified.planned();
        BackupKind kind = run.kind();
        Path file = verified.capture().file();
        Manifest.Logical logical = kind == null ? null : kind.factsOf(file);
        GraphStats graph = kind == null ? null : kind.graphOf(file);
        Manifest manifest = Manifest.builder().id(planned.id().toString()).database(planned.database())
                .created(planned.id().created()).trigger(request.trigger()).reason(request.reason())
                .status(Manifest.Status.COMPLETE).compression(compression)
                .archive(packed.archive().getFileName().toString()).rawBytes(packed.rawBytes())
                .storedBytes(packed.storedBytes()).ratio(Math.round(packed.ratio() * 10000) / 10000.0)
                .sha256(packed.sha256()).durationsMs(durations).downtimeMs(run.resumed().downtime().toMillis())
                .graph(graph != null ? graph : preflight.stats().get(planned.database()))
                .neo4jVersion(version == null ? null : version.version())
                .neo4jEdition(version == null ? null : version.edition()).stopMode(run.stopMode())
                .toolVersion(toolVersion).host(HostName.local()).encryption(packed.encryption())
                .kind(kind == null ? null : kind.name()).logical(logical).snapshot(run.snapshot()).build();
        return verified.consistencyChecked() ? manifest.validated(clock.instant(), "consistency") : manifest;
    }
}
