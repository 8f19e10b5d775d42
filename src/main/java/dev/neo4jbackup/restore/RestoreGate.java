package dev.neo4jbackup.restore;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore against the service's shutdown (SIGTERM, `docker compose down`): once closed, a logical import stops
 * before its next write ({@code SHUTDOWN}, the import marker kept for the next start to finish), and the shutdown
 * waits for the restore to get there.
 */
public final class RestoreGate {

    private static final Logger log = LoggerFactory.getLogger(RestoreGate.class);

    private final AtomicReference<CountDownLatch> running = new AtomicReference<>();
    private volatile boolean closed;

    <T> T during(Supplier<T> restore) {
        CountDownLatch done = new CountDownLatch(1);
        running.set(done);
        try {
            return restore.get();
        } finally {
            running.set(null);
            done.countDown();
        }
    }

    /** Stops the import in progress at its next write and waits up to {@code wait} for the restore to end. */
    public void close(Duration wait) {
        closed = true;
        CountDownLatch done = running.get();
        if (done == null) {
            return;
        }
        log.warn("SHUTDOWN: a restore is in progress; its import stops before its next write (waiting up to {} s)",
                wait.toSeconds());
        try {
            if (done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("SHUTDOWN: the restore has ended");
            } else {
                log.error("SHUTDOWN: the restore did not end within {} s; the next start finds its import marker and "
                        + "finishes it", wait.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean closed() {
        return closed;
    }
}
