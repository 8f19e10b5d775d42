package dev.neo4jbackup.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.Trigger;
import dev.neo4jbackup.error.BackupFailure;

/** Until cron scheduling lands: a first run shortly after start, then one every interval. */
@Component
class IntervalTrigger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IntervalTrigger.class);

    private final BackupRunner runner;
    private final Duration interval;
    private final Duration firstDelay;
    private ScheduledExecutorService executor;

    IntervalTrigger(BackupRunner runner, @Value("${backup.interval:24h}") Duration interval,
            @Value("${backup.first-delay:5s}") Duration firstDelay) {
        this.runner = runner;
        this.interval = interval;
        this.firstDelay = firstDelay;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "backup-scheduler"));
        log.info("Backup scheduler started");
        log.info("Schedule: every {} (first run in {} s)", interval, firstDelay.toSeconds());
        executor.scheduleWithFixedDelay(this::tick, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            runner.run(BackupRequest.of(Trigger.SCHEDULED, null));
        } catch (BackupFailure locked) {
            log.warn("TICK_SKIPPED: {}", locked.reason());
        } catch (RuntimeException e) {
            log.error("Backup run failed unexpectedly", e);
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
