package dev.neo4jbackup.config;

/** {@code backup.kind}: what a backup is made of. */
public enum Kind {
    /** {@code neo4j-admin database dump} of the stopped store (the stop mode decides how it is stopped). */
    DUMP,
    /** JSON lines of every node and relationship over Bolt, with the schema; Neo4j is never stopped. */
    LOGICAL
}
