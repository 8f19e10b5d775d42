package dev.neo4jbackup.schedule;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.restore.RestoreDrill;

/** The cron schedule (validated at start), the retry policy, the scheduler and the drill's scheduler. */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

    @Bean
    CronSchedule cronSchedule(BackupProperties properties, Clock clock) {
        return CronSchedule.parse(properties.schedule(), properties.timezone(), clock.instant());
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

    /** Off by default; never in the CLI (which turns the scheduler off). */
    @Bean
    @ConditionalOnExpression("'${backup.scheduler.enabled:true}' != 'false' and '${backup.drill.schedule:}'.trim() != ''")
    DrillScheduler drillScheduler(RestoreDrill drill, BackupProperties properties, Clock clock) {
        CronSchedule schedule = CronSchedule.parse(properties.drill().schedule(), properties.timezone(), clock.instant(),
                "backup.drill.schedule");
        return new DrillScheduler(schedule, drill::runOnce, clock);
    }
}
