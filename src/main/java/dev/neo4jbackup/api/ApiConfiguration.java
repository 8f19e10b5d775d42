package dev.neo4jbackup.api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The executor that backups started over HTTP run on (the endpoints' security is {@link ApiSecurity}). */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    /** What a run still has to do once the shutdown guard has ended it: its report, its state. */
    static final int RUN_END_SECONDS = 30;

    /**
     * One run at a time ({@code api-backup-1} in a thread dump): {@link ApiRuns} refuses a request while one
     * runs, so at most one more can wait. Never interrupted at shutdown (an interrupted dump ends as a failure):
     * the shutdown guard cuts the run short and waits for Neo4j, then this waits for the run's end. No default
     * candidate: injected by name only, so that nobody else's {@code Executor} is made ambiguous.
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskExecutor apiRunExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(1);
        executor.setThreadNamePrefix("api-backup-");
        executor.setDaemon(true);
        executor.setAcceptTasksAfterContextClose(false);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(RUN_END_SECONDS);
        return executor;
    }
}
