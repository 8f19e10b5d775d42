package dev.neo4jbackup.schedule;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.TriggerContext;

/**
 * Drives {@link BackupScheduler#tick()} on the backup task scheduler: the first tick at start, then when
 * something is due and at least every poll ({@link BackupScheduler#untilNextTick()}). Spring's trigger plans
 * the next tick only once the last one has ended, so ticks never overlap and a long run delays the next tick
 * instead of queueing ticks behind it (the tick itself skips what fell due meanwhile).
 * <p>
 * A SmartLifecycle, not just a task handed to the task scheduler, because the order matters at both ends:
 * the first tick comes after the start-up recovery has restarted a Neo4j a crash left stopped (a later start
 * phase), and at shutdown no new tick may start while the shutdown guard cuts the run in progress short and
 * waits for Neo4j (this stops first).
 */
final class SchedulerTimer implements SmartLifecycle {

    /** Stops first of all: no new tick once the shutdown began, before the shutdown guard's wait. */
    static final int PHASE = Integer.MAX_VALUE;

    private static final Logger log = LoggerFactory.getLogger(SchedulerTimer.class);

    private final BackupScheduler scheduler;
    private final TaskScheduler tasks;
    private volatile ScheduledFuture<?> ticks;

    public SchedulerTimer(BackupScheduler scheduler, TaskScheduler tasks) {
        this.scheduler = scheduler;
        this.tasks = tasks;
    }

    @Override
    public synchronized void start() {
        if (ticks != null) {
            return;
        }
        scheduler.prepare();
        ticks = tasks.schedule(this::tick, this::nextTick);
    }

    private Instant nextTick(TriggerContext context) {
        Instant now = context.getClock().instant();
        return context.lastCompletion() == null ? now : now.plus(scheduler.untilNextTick());
    }

    private void tick() {
        try {
            scheduler.tick();
        } catch (RuntimeException e) {
            log.error("Scheduler tick failed unexpectedly; trying again at the next tick", e);
        }
    }

    /**
     * No interrupt and no wait here: an interrupted run would kill its dump ("interrupted") or fail its state
     * write (ClosedByInterruptException) and end as a failure. The tick in progress, if any, is left to end:
     * the shutdown guard, which stops next, cuts its run short and waits for it, and the task scheduler's own
     * shutdown waits for what is left of the tick (its await-termination).
     */
    @Override
    public synchronized void stop() {
        ScheduledFuture<?> current = ticks;
        ticks = null;
        if (current != null) {
            current.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return ticks != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
