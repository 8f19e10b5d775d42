package dev.neo4jbackup.config;

/** {@code backup.verify.mode}: how much a new backup must prove before it is published. */
public enum VerifyMode {
    /** The archive read back to the end and its SHA-256 compared with the one written. */
    CHECKSUM,
    /** The checksum, and Neo4j's consistency checker ({@code neo4j-admin database check}) over the dump. */
    CONSISTENCY
}
