package dev.neo4jbackup.neo4j;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;

/**
 * The one way Neo4j is taken down for work on its store (a dump, a load): marker written, stop, the work,
 * then ALWAYS the start, the wait until Bolt answers, and the marker cleared; measured (stop, start,
 * downtime). The start runs on the executor: a snapshot's dump runs while Neo4j starts, a backup's packaging
 * once it answers (or beside the start, as its settings say), a restore waits for it.
 * A stop mode that stops nothing ({@code none}) runs the work alone: no marker, no start, no downtime.
 */
public final class DowntimeWindow {

    private static final Logger log = LoggerFactory.getLogger(DowntimeWindow.class);
    /** After a start command that failed, Bolt gets only this long: waiting the full timeout helps nobody. */
    static final Duration AFTER_FAILED_START = Duration.ofSeconds(5);

    private final Quiescer quiescer;
    private final BoltProbe probe;
    private final StopMarkers markers;
    private final Clock clock;
    private final Executor executor;

    public DowntimeWindow(Quiescer quiescer, BoltProbe probe, StopMarkers markers, Clock clock, Executor executor) {
        this.quiescer = quiescer;
        this.probe = probe;
        this.markers = markers;
        this.clock = clock;
        this.executor = executor;
    }

    /** The stop mode's name, for log lines and manifests. */
    public String mode() {
        return quiescer.mode();
    }

    /**
     * @param databases      what the marker says is stopped (a comma list)
     * @param probeDatabase  the database whose Bolt answer means "Neo4j is up"
     * @param beforeResume   told just before the start (a restore's progress line), whatever the work did
     */
    public record Opening(String databases, String probeDatabase, Duration startTimeout, Runnable beforeResume) {
        public Opening(String databases, String probeDatabase, Duration startTimeout) {
            this(databases, probeDatabase, startTimeout, () -> { });
        }
    }

    /** What runs while Neo4j is stopped; {@code children} records its neo4j-admin process in the marker. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Children children);
    }

    /** Records a child process working on the stopped store, so that a crash of the service cannot orphan it. */
    @FunctionalInterface
    public interface Children {
        void record(ProcessHandle child, String command);
    }

    /**
     * @param failure       the start failed or Bolt did not answer (null when Neo4j answers again)
     * @param took          the start and the wait for Bolt
     * @param downtime      from the stop to the first Bolt answer (zero when nothing was stopped)
     * @param clearPending Neo4j answers but a full disk kept the marker: {@link #clearMarker} once there is room
     */
    public record Resumed(BackupFailure failure, Duration took, Duration downtime, boolean clearPending) {
        public static final Resumed NOTHING_STOPPED = new Resumed(null, Duration.ZERO, Duration.ZERO, false);
    }

    /**
     * @param value    the work's result (null when the stop or the work failed)
     * @param failure  what the stop or the work threw
     * @param stopTook the stop command's time
     * @param resumed  completes once Neo4j answers again, or once it is clear it does not
     */
    public record Closed<T>(T value, RuntimeException failure, Duration stopTook, CompletableFuture<Resumed> resumed) {
        public Resumed awaitResumed() {
            return resumed.join();
        }
    }

    /**
     * Stops Neo4j, runs the work, and starts Neo4j again whatever happened. Throws only when the marker
     * cannot be written, before anything is stopped.
     */
    public <T> Closed<T> run(Opening opening, Work<T> work) {
        if (!quiescer.stopsNeo4j()) {
            T value = null;
            RuntimeException failure = null;
            try {
                value = work.run((child, command) -> { });
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                opening.beforeResume().run();
            }
            return new Closed<>(value, failure, Duration.ZERO,
                    CompletableFuture.completedFuture(Resumed.NOTHING_STOPPED));
        }
        // the service's start-up starts Neo4j again if this process dies while it is down
        markers.write(clock.instant(), quiescer.mode(), opening.databases(), ProcessHandle.current().pid(),
                HostName.local());
        Instant stoppedAt = clock.instant();
        long stopStart = System.nanoTime();
        Duration stopTook = null;
        T value = null;
        RuntimeException failure = null;
        CompletableFuture<Resumed> resumed;
        try {
            quiescer.stop();
            stopTook = Duration.ofNanos(System.nanoTime() - stopStart);
            value = work.run(this::recordChild);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (stopTook == null) {
                stopTook = Duration.ofNanos(System.nanoTime() - stopStart);
            }
            // in the finally: not even an Error of the work leaves Neo4j down
            opening.beforeResume().run();
            resumed = CompletableFuture.supplyAsync(() -> resume(opening, stoppedAt), executor);
        }
        return new Closed<>(value, failure, stopTook, resumed);
    }

    /** A marker left uncleared by a full disk: cleared when there is room again (the run's end). */
    public void clearMarker() {
        markers.clear();
    }

    private void recordChild(ProcessHandle child, String command) {
        long startTicks = ChildProcesses.startTicks(child.pid()).orElse(-1);
        try {
            markers.child(child.pid(), startTicks, command);
        } catch (UncheckedIOException e) {
            log.warn("Cannot record the {} process (pid {}) in the stop marker: {}", command, child.pid(),
                    e.getMessage());
        }
    }

    private Resumed resume(Opening opening, Instant stoppedAt) {
        long start = System.nanoTime();
        BackupFailure failure = null;
        try {
            quiescer.resume();
        } catch (BackupFailure e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = BackupFailure.of(ErrorCode.NEO4J_RESTART_FAILED, "Starting Neo4j failed: " + e, e);
        }
        Duration timeout = opening.startTimeout();
        boolean answered = probe.awaitAnswer(opening.probeDatabase(), failure == null ? timeout : AFTER_FAILED_START);
        Instant upAt = clock.instant();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Duration downtime = Duration.between(stoppedAt, upAt);
        if (answered) {
            boolean pending = false;
            try {
                markers.clear();
            } catch (UncheckedIOException full) {
                // a full disk (packaging runs meanwhile) must not turn a started Neo4j into a crashed run
                log.warn("Cannot clear the stop marker in .state.json yet ({}); retried at the end of the run",
                        full.getMessage());
                pending = true;
            }
            log.info("NEO4J_UP: Neo4j answers again after {} seconds of downtime", Durations.seconds(downtime));
            return new Resumed(null, took, downtime, pending);
        }
        if (failure == null) {
            failure = new BackupFailure(ErrorCode.NEO4J_RESTART_FAILED, "Neo4j did not answer over Bolt within "
                    + timeout.toSeconds() + " s after the start command", "Waited: " + took.toSeconds() + " s",
                    null, null);
        }
        log.error("CRITICAL: NEO4J_RESTART_FAILED: {}", failure.reason());
        return new Resumed(failure, took, downtime, false);
    }
}
