package dev.neo4jbackup.config;

/** {@code backup.kind}: what a backup is made of. One kind today; a logical export over Bolt is the next. */
public enum Kind {
    /** {@code neo4j-admin database dump} of the stopped store (the stop mode decides how it is stopped). */
    DUMP,
    /** A logical export over Bolt (JSON lines): Neo4j keeps running. */
    LOGICAL
}
