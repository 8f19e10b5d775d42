package dev.neo4jbackup.offsite;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.backup.BackupEvents;

/**
 * Drives the off-site queue: a backup that succeeded is queued at once (in the run, so that the run's prune
 * already keeps it) and uploaded on the queue's thread; every {@link #CHECK} the queue is looked at for an upload
 * whose next attempt is due. The CLI (no scheduler) uploads what its own run queued before it exits.
 */
class OffsiteQueue {

    private static final Logger log = LoggerFactory.getLogger(OffsiteQueue.class);

    /** How often a queued upload is looked at; its own backoff says whether it is due. */
    static final Duration CHECK = Duration.ofSeconds(30);

    private final OffsiteCopies copies;
    private final ThreadPoolTaskScheduler tasks;
    private final boolean scheduled;
    private ScheduledFuture<?> checks;

    OffsiteQueue(OffsiteCopies copies, ThreadPoolTaskScheduler tasks, boolean scheduled) {
        this.copies = copies;
        this.tasks = tasks;
        this.scheduled = scheduled;
    }

    @EventListener
    void on(BackupEvents.BackupSucceeded event) {
        if (!copies.enabled()) {
            return;
        }
        copies.queue(event.manifest());
        if (scheduled) {
            tasks.execute(this::tickLogged);
        } else {
            // a CLI run: this process ends after the command, so the copy is made now
            tickLogged();
        }
    }

    @EventListener
    synchronized void on(ContextRefreshedEvent event) {
        if (scheduled && copies.enabled() && checks == null) {
            checks = tasks.scheduleWithFixedDelay(this::tickLogged, tasks.getClock().instant().plus(CHECK), CHECK);
        }
    }

    private void tickLogged() {
        try {
            copies.tick(false);
        } catch (RuntimeException e) {
            log.error("OFFSITE_FAILED: the off-site queue failed; trying again in {} s", CHECK.getSeconds(), e);
        }
    }
}
