package dev.neo4jbackup.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.neo4j.driver.Driver;

/** Queries Neo4j at a fixed interval while something runs beside it, and keeps every failure it saw. */
public final class Prober implements AutoCloseable {

    private final Driver driver;
    private final Duration every;
    private final AtomicLong queries = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final Thread thread;

    public Prober(Driver driver, Duration every) {
        this.driver = driver;
        this.every = every;
        thread = new Thread(this::probe, "prober");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        while (running) {
            try (var session = driver.session()) {
                session.run("MATCH (c:Counter) RETURN count(c)").consume();
                queries.incrementAndGet();
            } catch (RuntimeException e) {
                failures.add(System.currentTimeMillis() + ": " + e);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public long queries() {
        return queries.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        // no interrupt: the driver would fail the query in flight, which is no failure of Neo4j's
        running = false;
        thread.join(30_000);
    }
}
