package dev.neo4jbackup.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.DowntimeWindow;

/**
 * Stage 2, quiesce + dump: inside one downtime window (when the kind needs one), the kind's backup of
 * every database into its work folder in .staging. Neo4j is started again in the background whatever
 * happened; the next stages run meanwhile.
 */
final class CaptureStage {

    /** One database's capture: its file, or why there is none. */
    record Capture(Planned planned, Path workDir, Path file, Duration took, BackupFailure failure) implements RunStep {
    }

    /**
     * @param failure  what stopped the run as a whole (the stop, an unexpected error, the shutdown)
     * @param stopTook the stop command's time
     * @param resumed  completes once Neo4j answers again (at once when nothing was stopped)
     */
    record Captured(List<Capture> captures, BackupFailure failure, Duration stopTook,
            CompletableFuture<DowntimeWindow.Resumed> resumed) {
    }

    private record Captures(List<Capture> done, BackupFailure cutShortBy) {
    }

    private final BackupCatalog catalog;
    private final BackupKind kind;
    private final DowntimeWindow window;
    private final ShutdownGate gate;
    private final Duration startTimeout;
    private final StoreSnapshot snapshot;
    private final java.util.function.BooleanSupplier stopsNeo4j;

    CaptureStage(BackupCatalog catalog, BackupKind kind, DowntimeWindow window, ShutdownGate gate,
            Duration startTimeout) {
        this(catalog, kind, window, gate, startTimeout, StoreSnapshot.off(), () -> true);
    }

    /** @param stopsNeo4j the stop mode stops Neo4j (asked at each run: the stop mode is built at first use) */
    CaptureStage(BackupCatalog catalog, BackupKind kind, DowntimeWindow window, ShutdownGate gate,
            Duration startTimeout, StoreSnapshot snapshot, java.util.function.BooleanSupplier stopsNeo4j) {
        this.snapshot = snapshot;
        this.stopsNeo4j = stopsNeo4j;
        this.catalog = catalog;
        this.kind = kind;
        this.window = window;
        this.gate = gate;
        this.startTimeout = startTimeout;
    }

    Captured run(List<Planned> planned) {
        return run(planned, kind);
    }

    /** @param kind this run's kind (a request may name another than the configured one) */
    Captured run(List<Planned> planned, BackupKind kind) {
        if (!gate.mayStop()) {
            // a SIGTERM during preflight: a backup that cannot finish is no reason for an outage
            return nothingStopped(List.of(), ShutdownGate.failure("during preflight; Neo4j was not stopped"));
        }
        if (!kind.needsDowntime()) {
            Captures captures = captureAll(planned, (child, command) -> { }, kind, false);
            return nothingStopped(captures.done(), captures.cutShortBy());
        }
        String databases = String.join(",", planned.stream().map(Planned::database).toList());
        if (usesSnapshot(kind) && kind instanceof DumpKind dump) {
            return viaSnapshot(planned, databases, dump);
        }
        DowntimeWindow.Closed<Captures> closed;
        try {
            closed = window.run(new DowntimeWindow.Opening(databases, planned.get(0).database(), startTimeout),
                    children -> captureAll(planned, children, kind, true));
        } catch (RuntimeException markerNotWritten) {
            return nothingStopped(List.of(), unexpected(markerNotWritten));
        }
        Captures captures = closed.value() != null ? closed.value() : new Captures(List.of(), null);
        BackupFailure failure = closed.failure() != null ? unexpected(closed.failure()) : captures.cutShortBy();
        return new Captured(captures.done(), failure, closed.stopTook(), closed.resumed());
    }

    /** @param stopped inside the downtime window: Neo4j is stopped while this runs */
    private Captures captureAll(List<Planned> planned, DowntimeWindow.Children children, BackupKind kind,
            boolean stopped) {
        List<Capture> done = new ArrayList<>();
        try {
            for (Planned p : planned) {
                done.add(capture(p, children, kind));
            }
            return new Captures(List.copyOf(done), null);
        } catch (java.io.UncheckedIOException e) {
            // a full disk while the kind writes its file (a logical export's lines): the numbers, not "unexpected"
            return new Captures(List.copyOf(done), PackageStage.diskFailure(catalog, e, "while writing the backup of "
                    + planned.get(done.size()).database() + (stopped ? "" : "; Neo4j was not stopped")));
        } catch (RuntimeException e) {
            return new Captures(List.copyOf(done), stopped ? unexpected(e) : unexpectedRunning(e));
        }
    }

    /** Neo4j was never stopped (a kind without downtime): an error is no error "while Neo4j was stopped". */
    private static BackupFailure unexpectedRunning(RuntimeException e) {
        return e instanceof BackupFailure failure ? failure : BackupFailure.of(ErrorCode.BACKUP_FAILED,
                "Unexpected error while taking the backup (Neo4j was not stopped): " + e, e);
    }

    private Capture capture(Planned planned, DowntimeWindow.Children children, BackupKind kind) {
        String database = planned.database();
        if (gate.closed()) {
            return new Capture(planned, null, null, null, ShutdownGate.failure("before the dump of " + database
                    + " began"));
        }
        Path workDir = catalog.newWorkDir(planned.id());
        try {
            Timed<Path> file = Timed.of(() -> kind.produce(database, workDir, endedOnShutdown(children), gate::closed));
            return new Capture(planned, workDir, file.value(), file.took(), null);
        } catch (BackupFailure failure) {
            // killed by the shutdown (exit code 137): the shutdown's doing, not neo4j-admin's failure
            return new Capture(planned, workDir, null, null, gate.closed() ? ShutdownGate.failure("during the dump of "
                    + database + " (neo4j-admin was ended); Neo4j is started again before the service exits")
                    : failure);
        } catch (RuntimeException e) {
            BackupCatalog.deleteQuietly(workDir); // no step will name it (e.g. a full disk): gone with the failure
            throw e;
        }
    }

    /**
     * Whether this run's dump reads a snapshot: a dump, and a stop mode that stops Neo4j. With stop mode none
     * the store is offline already (or not: then neo4j-admin's own refusal of a store in use must stand, and a
     * copy of a live store would be no consistent backup), so the dump reads it directly.
     */
    boolean usesSnapshot(BackupKind kind) {
        return snapshot.enabled() && kind instanceof DumpKind && stopsNeo4j.getAsBoolean();
    }

    /** One database's snapshot taken in the window, or why there is none. */
    private record Snap(Planned planned, StoreSnapshot.Taken taken, BackupFailure failure) {
    }

    /**
     * Snapshot mode: only the copies are taken while Neo4j is stopped; Neo4j is started at once and the dumps
     * read the copies meanwhile, each copy deleted after its dump (or its failure).
     */
    private Captured viaSnapshot(List<Planned> planned, String databases, DumpKind dump) {
        DowntimeWindow.Closed<List<Snap>> closed;
        try {
            closed = window.run(new DowntimeWindow.Opening(databases, planned.get(0).database(), startTimeout),
                    children -> snapshotAll(planned, children));
        } catch (RuntimeException markerNotWritten) {
            return nothingStopped(List.of(), unexpected(markerNotWritten));
        }
        List<Snap> snaps = closed.value() != null ? closed.value() : List.of();
        BackupFailure failure = closed.failure() != null ? unexpected(closed.failure()) : null;
        List<Capture> done = new ArrayList<>();
        for (Snap snap : snaps) {
            if (snap.failure() != null) {
                failure = failure != null ? failure : snap.failure();
                continue;
            }
            if (failure != null) {
                snapshot.release(snap.taken()); // a run cut short does not dump what it copied
                continue;
            }
            try {
                done.add(captureFromSnapshot(snap, dump));
            } finally {
                snapshot.release(snap.taken());
            }
        }
        return new Captured(List.copyOf(done), failure, closed.stopTook(), closed.resumed());
    }

    /** In the window: every database's copy, stopping at the first failure (Neo4j is then started again). */
    private List<Snap> snapshotAll(List<Planned> planned, DowntimeWindow.Children children) {
        List<Snap> snaps = new ArrayList<>();
        for (Planned p : planned) {
            if (gate.closed()) {
                snaps.add(new Snap(p, null, ShutdownGate.failure("before the snapshot of " + p.database()
                        + " began")));
                break;
            }
            try {
                snaps.add(new Snap(p, snapshot.take(p.id(), p.database(), endedOnShutdown(children)), null));
            } catch (RuntimeException e) {
                snaps.add(new Snap(p, null, gate.closed() ? ShutdownGate.failure("during the snapshot of "
                        + p.database() + " (the copy was ended); Neo4j is started again before the service exits")
                        : unexpected(e)));
                break;
            }
        }
        return snaps;
    }

    private Capture captureFromSnapshot(Snap snap, DumpKind dump) {
        Planned planned = snap.planned();
        if (gate.closed()) {
            return new Capture(planned, null, null, null, ShutdownGate.failure("before the dump of "
                    + planned.database() + " from its snapshot began"));
        }
        Path workDir = catalog.newWorkDir(planned.id());
        try {
            Timed<Path> file = Timed.of(() -> dump.produceFrom(planned.database(), snap.taken().dataDir(), workDir,
                    endedOnShutdown((child, command) -> { })));
            return new Capture(planned, workDir, file.value(), file.took(), null);
        } catch (BackupFailure failure) {
            return new Capture(planned, workDir, null, null, gate.closed() ? ShutdownGate.failure("during the dump of "
                    + planned.database() + " from its snapshot (neo4j-admin was ended)") : failure);
        }
    }

    /** The child goes into the stop marker, unless the shutdown began: then it is ended at once. */
    private DowntimeWindow.Children endedOnShutdown(DowntimeWindow.Children children) {
        return (child, command) -> {
            if (gate.closed()) {
                // the runner lists it before this check, so either the shutdown's abortAll ended it or this does
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                return;
            }
            children.record(child, command);
        };
    }

    private static Captured nothingStopped(List<Capture> captures, BackupFailure failure) {
        return new Captured(captures, failure, Duration.ZERO,
                CompletableFuture.completedFuture(DowntimeWindow.Resumed.NOTHING_STOPPED));
    }

    private static BackupFailure unexpected(RuntimeException e) {
        return e instanceof BackupFailure failure ? failure : BackupFailure.of(ErrorCode.BACKUP_FAILED,
                "Unexpected error while Neo4j was stopped: " + e, e);
    }
}
