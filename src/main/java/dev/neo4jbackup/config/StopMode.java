package dev.neo4jbackup.config;

/** How the store is taken offline for `neo4j-admin database dump`, which refuses a mounted database. */
public enum StopMode {
    /** The store is already offline (a standby, a copy): nothing is stopped. */
    NONE,
    /** Configured stop and start commands (systemd, bin/neo4j, a script). */
    COMMAND,
    /** Stop and start a container through the Docker Engine API. */
    DOCKER,
    /** Enterprise: STOP DATABASE / START DATABASE over Bolt, the DBMS stays up. */
    DATABASE
}
