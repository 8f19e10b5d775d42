package dev.neo4jbackup.backup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * Orders "this run may stop Neo4j" against "the service shuts down": once shut down, nothing stops
 * Neo4j, a dump the shutdown ended is the shutdown's doing (not neo4j-admin's failure), and the shutdown
 * waits for the run in progress, which starts Neo4j again before the process exits.
 */
final class ShutdownGate {

    private static final Logger log = LoggerFactory.getLogger(ShutdownGate.class);

    private final Object gate = new Object();
    private final AtomicReference<CountDownLatch> running = new AtomicReference<>();
    private final ProcessRunner processes;
    private volatile boolean closed;

    ShutdownGate(ProcessRunner processes) {
        this.processes = processes;
    }

    /** Runs {@code run} as the run a shutdown waits for. */
    <T> T during(Supplier<T> run) {
        CountDownLatch done = new CountDownLatch(1);
        running.set(done);
        try {
            return run.get();
        } finally {
            running.set(null);
            done.countDown();
        }
    }

    /** Ends the run's neo4j-admin children and waits up to {@code wait} for the run to end. */
    void close(Duration wait) {
        synchronized (gate) {
            closed = true;
        }
        CountDownLatch done = running.get();
        if (done == null) {
            return;
        }
        // the dump (or a consistency check); never the stop or start command, which run to their end
        int ended = processes.abortAll();
        log.warn("SHUTDOWN: a backup run is in progress; ended {} neo4j-admin process(es); waiting up to {} s for the "
                + "run to end (Neo4j is started again if it was stopped)", ended, wait.toSeconds());
        try {
            if (done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("SHUTDOWN: the backup run has ended");
            } else {
                log.error("CRITICAL: the backup run did not finish within {} s of shutdown; Neo4j may be down",
                        wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closed() {
        return closed;
    }

    /** True while a run may still stop Neo4j. */
    boolean mayStop() {
        synchronized (gate) {
            return !closed;
        }
    }

    static BackupFailure failure(String when) {
        return new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down: the run was cut short " + when);
    }
}
