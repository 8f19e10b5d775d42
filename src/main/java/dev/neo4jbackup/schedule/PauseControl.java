package dev.neo4jbackup.schedule;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;

/**
 * Pause and resume, for the scheduler itself, the CLI and the HTTP API. The pause lives in
 * {@code .state.json}, so a pause from the CLI is honoured by a running service at its next tick,
 * and survives restarts.
 */
public class PauseControl {

    private static final Logger log = LoggerFactory.getLogger(PauseControl.class);

    private final StateStore state;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public PauseControl(StateStore state, ApplicationEventPublisher events, Clock clock) {
        this.state = state;
        this.events = events;
        this.clock = clock;
    }

    /** @return false when it was paused already */
    public boolean pause(String by, String reason) {
        Instant now = clock.instant();
        ServiceState before = state.read();
        if (before.paused()) {
            return false;
        }
        ServiceState after = state.update(s -> s.withPause(now, reason));
        log.warn("SCHEDULER_PAUSED: by {}: {}. No scheduled backup runs until resumed (neo4j-backup resume)", by,
                reason);
        events.publishEvent(new SchedulerEvents.SchedulerPaused(null, after.consecutiveFailures(), reason, by, now));
        return true;
    }

    /** Resumes and starts the failure streak from zero. @return false when it was not paused */
    public boolean resume(String by) {
        Instant now = clock.instant();
        if (!state.read().paused()) {
            return false;
        }
        state.update(ServiceState::resumed);
        log.info("SCHEDULER_RESUMED: by {}", by);
        events.publishEvent(new SchedulerEvents.SchedulerResumed(by, now));
        return true;
    }

    public ServiceState current() {
        return state.read();
    }
}
