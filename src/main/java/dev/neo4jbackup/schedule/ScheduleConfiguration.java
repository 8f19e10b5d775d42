package dev.neo4jbackup.schedule;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.Pruner;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;

/** The cron schedule (validated at start), the retry policy and the scheduler. */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

    @Bean
    CronSchedule cronSchedule(BackupProperties properties, Clock clock) {
        return CronSchedule.parse(properties.schedule(), properties.timezone(), clock.instant());
    }

    /** Here rather than with the run: a backup's expiry date follows the schedule's future runs. */
    @Bean
    Pruner pruner(BackupProperties properties, BackupCatalog catalog, ApplicationEventPublisher events, Clock clock,
            CronSchedule schedule) {
        return new Pruner(properties, catalog, events, clock, after -> schedule.nextAfter(after).orElse(null));
    }

    @Bean
    RetryPolicy retryPolicy(BackupProperties properties) {
        return new RetryPolicy(properties.retry().delays(), properties.retry().pauseAfter());
    }

    @Bean
    PauseControl pauseControl(StateStore state, ApplicationEventPublisher events, Clock clock) {
        return new PauseControl(state, events, clock);
    }

    /** {@code backup.scheduler.enabled=false} leaves only on-demand runs (CLI, API). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "backup.scheduler.enabled",
            havingValue = "true", matchIfMissing = true)
    BackupScheduler backupScheduler(CronSchedule schedule, RetryPolicy retry, BackupRunner runner, StateStore state,
            BackupCatalog catalog, ApplicationEventPublisher events, Clock clock, BackupProperties properties,
            @Value("${backup.scheduler.poll:15s}") Duration poll) {
        return new BackupScheduler(schedule, retry, BackupScheduler.Runs.of(runner), state, catalog, events, clock, poll,
                properties.runOnStart(), properties.catchUp());
    }
}
