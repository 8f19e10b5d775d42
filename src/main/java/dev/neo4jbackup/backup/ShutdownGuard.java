package dev.neo4jbackup.backup;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * On SIGTERM (e.g. `docker compose down`) a run in progress must not leave Neo4j stopped: this stops
 * first among the service's parts, aborts the dump and waits until the run has started Neo4j again.
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

    /** Stopped before the web server and the scheduler (lower phases stop later). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
