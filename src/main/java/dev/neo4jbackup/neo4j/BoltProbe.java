package dev.neo4jbackup.neo4j;

import java.time.Duration;

import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;

/**
 * "Neo4j answers again" means a query runs on the database, not just that the port is open: after a
 * start, Bolt accepts connections before the databases are online.
 */
public class BoltProbe {

    private final Driver driver;

    public BoltProbe(Driver driver) {
        this.driver = driver;
    }

    public boolean answers(String database) {
        try (var session = driver.session(SessionConfig.forDatabase(database))) {
            session.run("RETURN 1").consume();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Polls until the database answers or the timeout passes; true when it answered. */
    public boolean awaitAnswer(String database, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        while (true) {
            if (answers(database)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            // short polls: every millisecond between "Neo4j answers" and "we noticed" counts as downtime
            pause = Math.min(pause * 2, 200);
        }
    }
}
