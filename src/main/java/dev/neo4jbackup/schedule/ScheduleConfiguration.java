package dev.neo4jbackup.schedule;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.auto.AutoBackup;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.AutoBackupProperties;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.restore.RestoreDrill;

/**
 * The cron schedule (validated at start), the retry policy, the scheduler and its timer, the drill's
 * scheduler, and the two task schedulers they run on. The task schedulers are no default candidates: they are
 * injected by name only, so that nobody else's {@code Executor} or {@code TaskScheduler} is made ambiguous.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

    /** What a tick still has to do once the shutdown guard has ended its run: state writes, events. */
    static final int TICK_END_SECONDS = 30;
    /** A drill interrupted at shutdown gets this long to let go of the lock and its scratch Neo4j. */
    static final int DRILL_END_SECONDS = 10;
    /** The drill is off by default, and never in the CLI (which turns the scheduler off). */
    private static final String DRILL_ON =
            "'${backup.scheduler.enabled:true}' != 'false' and '${backup.drill.schedule:}'.trim() != ''";

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
    @ConditionalOnProperty(name = "backup.scheduler.enabled", havingValue = "true", matchIfMissing = true)
    BackupScheduler backupScheduler(CronSchedule schedule, RetryPolicy retry, BackupRunner runner, StateStore state,
            BackupCatalog catalog, ApplicationEventPublisher events, Clock clock, BackupProperties properties,
            @Value("${backup.scheduler.poll:15s}") Duration poll) {
        return new BackupScheduler(schedule, retry, BackupScheduler.Runs.of(runner), state, catalog, events, clock, poll,
                properties.runOnStart(), properties.catchUp());
    }

    /**
     * The scheduler's one thread ({@code backup-scheduler-1} in a thread dump). Never interrupted: its tick may
     * be inside a run, which the shutdown guard cuts short; the shutdown waits for the tick to end, and a tick
     * that is only planned is dropped, not run.
     */
    @Bean(defaultCandidate = false)
    @ConditionalOnProperty(name = "backup.scheduler.enabled", havingValue = "true", matchIfMissing = true)
    ThreadPoolTaskScheduler backupTaskScheduler() {
        return TaskSchedulers.oneThread("backup-scheduler-", true, TICK_END_SECONDS);
    }

    @Bean
    @ConditionalOnProperty(name = "backup.scheduler.enabled", havingValue = "true", matchIfMissing = true)
    SchedulerTimer schedulerTimer(BackupScheduler scheduler, @Qualifier("backupTaskScheduler") TaskScheduler tasks) {
        return new SchedulerTimer(scheduler, tasks);
    }

    /**
     * The drill's one thread ({@code restore-drill-1}), apart from the backup scheduler's so that a drill of
     * minutes never delays a tick. Interrupted when the context closes, before anything else stops.
     */
    @Bean(defaultCandidate = false)
    @ConditionalOnExpression(DRILL_ON)
    ThreadPoolTaskScheduler drillTaskScheduler() {
        return TaskSchedulers.oneThread("restore-drill-", false, DRILL_END_SECONDS);
    }

    /** The auto-backup check is off by default, and never in the CLI (which turns the scheduler off). */
    private static final String AUTO_ON =
            "'${backup.scheduler.enabled:true}' != 'false' and '${backup.logical.auto.enabled:false}' == 'true'";

    /** The auto-backup check's one thread ({@code auto-backup-1}): its runs wait for nothing else's tick. */
    @Bean(defaultCandidate = false)
    @ConditionalOnExpression(AUTO_ON)
    ThreadPoolTaskScheduler autoBackupTaskScheduler() {
        return TaskSchedulers.oneThread("auto-backup-", true, TICK_END_SECONDS);
    }

    @Bean
    @ConditionalOnExpression(AUTO_ON)
    AutoBackupScheduler autoBackupScheduler(AutoBackup auto, AutoBackupProperties properties,
            BackupProperties backup, Clock clock, @Qualifier("autoBackupTaskScheduler") TaskScheduler tasks) {
        CronSchedule schedule = CronSchedule.parse(properties.schedule(), backup.timezone(), clock.instant(),
                AutoBackupProperties.PREFIX + "schedule");
        return new AutoBackupScheduler(schedule, auto::check, tasks, clock);
    }

    @Bean
    @ConditionalOnExpression(DRILL_ON)
    DrillScheduler drillScheduler(RestoreDrill drill, BackupProperties properties, Clock clock,
            @Qualifier("drillTaskScheduler") TaskScheduler tasks) {
        CronSchedule schedule = CronSchedule.parse(properties.drill().schedule(), properties.timezone(), clock.instant(),
                "backup.drill.schedule");
        return new DrillScheduler(schedule, drill::runOnce, tasks, clock);
    }
}
