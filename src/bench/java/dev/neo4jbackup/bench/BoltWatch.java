package dev.neo4jbackup.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;

/**
 * Finds the moment Neo4j answers a query again, polling every 25 ms: the floor the service's own probe
 * is compared with, so its polling must not be coarser than anything it measures.
 */
final class BoltWatch {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Driver driver;

    BoltWatch(Driver driver) {
        this.driver = driver;
    }

    /** Starts polling now (in the background); completes with the System.nanoTime() of the first answer. */
    CompletableFuture<Long> firstAnswer() {
        return CompletableFuture.supplyAsync(this::awaitAnswer, runnable -> {
            Thread thread = new Thread(runnable, "bolt-watch");
            thread.setDaemon(true);
            thread.start();
        });
    }

    long awaitAnswer() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (var session = driver.session(SessionConfig.forDatabase("neo4j"))) {
                session.run("RETURN 1").consume();
                return System.nanoTime();
            } catch (RuntimeException notYet) {
                sleep(25);
            }
        }
        throw new IllegalStateException("Neo4j did not answer within " + TIMEOUT);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
