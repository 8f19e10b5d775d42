package dev.neo4jbackup.neo4j;

import static dev.neo4jbackup.format.Durations.secondsSince;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Stop mode `database` (Enterprise Edition): {@code STOP DATABASE} / {@code START DATABASE} on the system
 * database over Bolt. Only the databases being dumped go offline; the DBMS and every other database stay
 * up. Community Edition has no such commands and answers with an error: the first stop turns that into
 * CONFIG_INVALID saying which modes work there, and Neo4j is never touched.
 */
final class DatabaseStop implements Quiescer {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStop.class);
    static final String COMMUNITY = "stop mode database (STOP DATABASE over Bolt) is not supported on Neo4j "
            + "Community Edition";
    static final String COMMUNITY_ACTION = "Set BACKUP_NEO4J_STOPMODE to command (stop and start commands) or "
            + "docker (stop and start the Neo4j container); stop mode database needs Enterprise Edition";

    private final Driver driver;
    private final List<String> databases;
    private final Duration stopTimeout;
    private final Duration startTimeout;
    /** Databases this process stopped and has not started yet; null before any stop (start-up recovery). */
    private List<String> stopped;

    public DatabaseStop(Driver driver, List<String> databases, Duration stopTimeout, Duration startTimeout) {
        if (databases.contains("system")) {
            // the system database holds the DBMS itself: it can only be dumped with the whole DBMS stopped
            throw new IllegalArgumentException("system");
        }
        this.driver = driver;
        this.databases = List.copyOf(databases);
        this.stopTimeout = stopTimeout;
        this.startTimeout = startTimeout;
    }

    @Override
    public String mode() {
        return "database";
    }


    @Override
    public synchronized void stop() {
        stopped = new ArrayList<>();
        for (String database : databases) {
            log.info("NEO4J_STOP: STOP DATABASE {} (the DBMS stays up)", database);
            long start = System.nanoTime();
            try {
                // recorded first: a stop that times out may still take effect, and resume() must start it
                stopped.add(database);
                admin("STOP DATABASE $name WAIT " + Math.max(1, stopTimeout.toSeconds()) + " SECONDS", database);
            } catch (Neo4jException e) {
                if (communityAnswer(e)) {
                    stopped.remove(database);
                    throw new BackupFailure(ErrorCode.CONFIG_INVALID, COMMUNITY + " (Neo4j answered "
                            + e.code() + ": " + e.getMessage() + ")", null, COMMUNITY_ACTION, e);
                }
                throw new BackupFailure(ErrorCode.NEO4J_STOP_FAILED, "STOP DATABASE " + database + " failed: "
                        + e.code() + ": " + e.getMessage(), "Took: " + secondsSince(start) + " s", null, e);
            } catch (RuntimeException e) {
                throw new BackupFailure(ErrorCode.NEO4J_STOP_FAILED, "STOP DATABASE " + database + " failed: " + e,
                        "Took: " + secondsSince(start) + " s", null, e);
            }
        }
    }

    @Override
    public synchronized void resume() {
        // after a crash nothing is known of what was stopped: starting an online database is harmless
        List<String> toStart = stopped != null ? stopped : databases;
        BackupFailure first = null;
        for (String database : toStart) {
            log.info("NEO4J_START: START DATABASE {}", database);
            long start = System.nanoTime();
            try {
                admin("START DATABASE $name WAIT " + Math.max(1, startTimeout.toSeconds()) + " SECONDS", database);
            } catch (RuntimeException e) {
                if (e instanceof Neo4jException neo4j && communityAnswer(neo4j)) {
                    continue; // Community: nothing was ever stopped by this mode
                }
                first = first != null ? first : new BackupFailure(ErrorCode.NEO4J_RESTART_FAILED,
                        "START DATABASE " + database + " failed: " + e.getMessage(), "Took: " + secondsSince(start)
                                + " s", "Run START DATABASE " + database + " on the system database now, then "
                                        + "check Neo4j's logs", e);
            }
        }
        stopped = new ArrayList<>();
        if (first != null) {
            throw first;
        }
    }

    /** The database's name is a parameter: a name is never query text (the seconds are a number of ours). */
    private void admin(String cypher, String database) {
        try (var session = driver.session(SessionConfig.forDatabase("system"))) {
            session.run(cypher, Map.of("name", database)).consume();
        }
    }

    /** Community Edition rejects the administration commands it does not have. */
    static boolean communityAnswer(Neo4jException e) {
        String text = (e.code() + " " + e.getMessage()).toLowerCase(Locale.ROOT);
        return text.contains("unsupported administration command") || text.contains("not supported in community")
                || text.contains("unsupportedadministrationcommand");
    }
}
