package dev.neo4jbackup.schedule;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** How the service's task schedulers are built: the backup scheduler's, the drill's, the alert checks'. */
public final class TaskSchedulers {

    private TaskSchedulers() {
    }

    /**
     * One thread under a name an operator recognises in a thread dump ({@code <prefix>1}), daemon like the
     * JVM's own timers, no new task once the context closes, and planned tasks dropped at shutdown rather than
     * run late. Spring calls {@code initialize()} on a bean; anyone else calls it before use.
     *
     * @param letTheTaskEnd at shutdown, wait for the running task (true) or interrupt it (false); either way for
     *        at most {@code awaitSeconds}
     */
    public static ThreadPoolTaskScheduler oneThread(String threadNamePrefix, boolean letTheTaskEnd,
            int awaitSeconds) {
        ThreadPoolTaskScheduler tasks = new ThreadPoolTaskScheduler();
        tasks.setPoolSize(1);
        tasks.setThreadNamePrefix(threadNamePrefix);
        tasks.setDaemon(true);
        tasks.setAcceptTasksAfterContextClose(false);
        tasks.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        tasks.setRemoveOnCancelPolicy(true);
        tasks.setWaitForTasksToCompleteOnShutdown(letTheTaskEnd);
        tasks.setAwaitTerminationSeconds(awaitSeconds);
        return tasks;
    }
}
