package dev.neo4jbackup.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;

/**
 * A writer whose every transaction leaves an invariant: the counter node is incremented and {@code batchSize} new
 * {@code :Batch} nodes carry the counter's new value, in the same transaction. A copy of the database that holds
 * every committed transaction whole has counter = number of batches = batch nodes / batchSize, and whatever a
 * point-in-time copy holds lies between what was acknowledged before it and after it.
 */
public final class InvariantWriter implements AutoCloseable {

    /** What a copy holds: the counter, the batch nodes, the distinct batches they belong to. */
    public record Invariant(long counter, long nodes, long batches) {
        public boolean holds(int batchSize) {
            return counter == batches && nodes == batches * batchSize;
        }
    }

    private final Driver driver;
    private final int batchSize;
    private final Duration pause;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private final Thread thread;

    /** @param pause between two transactions: a steady load, not one that takes every core */
    public InvariantWriter(Driver driver, int batchSize, Duration pause) {
        this.driver = driver;
        this.batchSize = batchSize;
        this.pause = pause;
        try (var session = driver.session()) {
            session.run("MERGE (c:Counter {id: 1}) ON CREATE SET c.n = 0").consume();
            committed.set(session.run("MATCH (c:Counter {id: 1}) RETURN c.n").single().get(0).asLong());
        }
        thread = new Thread(this::write, "invariant-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void write() {
        try (var session = driver.session()) {
            while (running) {
                session.executeWrite(tx -> tx.run("MATCH (c:Counter {id: 1}) SET c.n = c.n + 1 WITH c "
                        + "UNWIND range(1, $n) AS i CREATE (:Batch {b: c.n, i: i})", Map.of("n", batchSize)).consume());
                committed.incrementAndGet();
                Thread.sleep(pause.toMillis());
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /** Transactions acknowledged so far (the counter's value when none is in flight). */
    public long committed() {
        return committed.get();
    }

    public void awaitCommitted(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed.get() < n && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the writer failed", failure.get());
        }
    }

    /** Stops writing; returns the transactions acknowledged; throws when one failed. */
    public long stop() throws InterruptedException {
        running = false;
        thread.join(60_000);
        if (failure.get() != null) {
            throw new IllegalStateException("the writer failed", failure.get());
        }
        return committed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(60_000);
    }

    /** The invariant's numbers in a quiet copy ({@code database} of {@code driver}). */
    public static Invariant read(Driver driver, String database) {
        try (var session = driver.session(SessionConfig.forDatabase(database))) {
            Record r = session.run("OPTIONAL MATCH (c:Counter {id: 1}) WITH coalesce(max(c.n), 0) AS counter "
                    + "OPTIONAL MATCH (b:Batch) RETURN counter, count(b) AS nodes, count(DISTINCT b.b) AS batches")
                    .single();
            return new Invariant(r.get("counter").asLong(), r.get("nodes").asLong(), r.get("batches").asLong());
        }
    }
}
