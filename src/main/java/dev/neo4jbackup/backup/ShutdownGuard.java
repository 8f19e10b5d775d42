package dev.neo4jbackup.backup;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * On SIGTERM (e.g. `docker compose down`) a run in progress must not leave Neo4j stopped: this aborts the
 * dump and waits until the run has started Neo4j again.
 * <p>
 * A SmartLifecycle because its stop is a wait that has its place in the shutdown: after the scheduler's
 * timer has stopped (no new run can begin), before the web server stops (health answers during the wait)
 * and long before the sandbox Neo4j stops, and before any task executor is shut down (none of them
 * interrupts a run; the scheduler's and the API's wait for their task, which this has ended).
 */
class ShutdownGuard implements SmartLifecycle {

    private final BackupRunner runner;
    private final Duration wait;
    private volatile boolean running;

    ShutdownGuard(BackupRunner runner, Duration wait) {
        this.runner = runner;
        this.wait = wait;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        runner.shutdown(wait);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Right after the scheduler's timer (Integer.MAX_VALUE), before the web server (lower phases stop later). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
