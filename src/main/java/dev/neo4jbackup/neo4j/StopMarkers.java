package dev.neo4jbackup.neo4j;

import java.time.Instant;

/**
 * Where the "Neo4j was stopped by us" marker is kept, so that the next start of a service killed while
 * Neo4j was down starts it again (and first ends the neo4j-admin child left working on the store).
 * Declared here so that {@code neo4j} needs nothing of the storage folder; the state file implements it.
 */
public interface StopMarkers {

    /** Written before the stop: which process stopped which databases of Neo4j, in which mode. */
    void write(Instant at, String stopMode, String databases, long pid, String host);

    /** The neo4j-admin process now working on the stopped store (pid and its start time in clock ticks). */
    void child(long pid, long startTicks, String command);

    /** Neo4j answers again. */
    void clear();

    /** For an instance the service does not own (a restore target): nothing to recover at the next start. */
    StopMarkers NONE = new StopMarkers() {
        @Override
        public void write(Instant at, String stopMode, String databases, long pid, String host) {
        }

        @Override
        public void child(long pid, long startTicks, String command) {
        }

        @Override
        public void clear() {
        }
    };
}
