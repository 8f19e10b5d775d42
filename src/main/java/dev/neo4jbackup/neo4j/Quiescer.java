package dev.neo4jbackup.neo4j;

/**
 * Takes the store offline for a dump and brings it back. {@link #resume()} must be safe to call after a
 * failed or partial {@link #stop()}: the backup run always calls it.
 */
public interface Quiescer {

    /** The stop mode's name as configured (none, command, docker, database). */
    String mode();

    /** Whether this mode stops anything at all (for the "stopped by us" marker and downtime). */
    default boolean stopsNeo4j() {
        return true;
    }

    void stop();

    void resume();
}
