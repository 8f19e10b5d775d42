package dev.neo4jbackup.restore;

import org.neo4j.driver.Driver;

import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.GraphStatsReader;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * A Neo4j a backup can be loaded into: its neo4j-admin, how it is stopped and started, and its Bolt
 * connection for the health checks. {@code primary} is the Neo4j the service backs up.
 */
public record RestoreTarget(String name, boolean primary, Neo4jAdmin admin, Quiescer quiescer, Driver driver) {

    public BoltProbe probe() {
        return new BoltProbe(driver);
    }

    public GraphStatsReader stats() {
        return new GraphStatsReader(driver);
    }
}
