package dev.neo4jbackup.backup;

import java.time.Instant;

import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.neo4j.StopMarkers;

/** The stop marker in {@code .state.json}, which {@link StartupRecovery} reads at the next start. */
public final class StateStopMarkers implements StopMarkers {

    private final StateStore state;

    public StateStopMarkers(StateStore state) {
        this.state = state;
    }

    @Override
    public void write(Instant at, String stopMode, String databases, long pid, String host) {
        state.update(s -> s.withStoppedByUs(new ServiceState.StopMarker(at, stopMode, databases, pid, host)));
    }

    @Override
    public void child(long pid, long startTicks, String command) {
        ServiceState.Child recorded = new ServiceState.Child(pid, startTicks, command);
        state.update(s -> s.stoppedByUs() == null ? s : s.withStoppedByUs(s.stoppedByUs().withChild(recorded)));
    }

    @Override
    public void clear() {
        state.update(s -> s.withStoppedByUs(null));
    }
}
