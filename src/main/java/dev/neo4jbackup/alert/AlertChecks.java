package dev.neo4jbackup.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.scheduling.TaskScheduler;

import dev.neo4jbackup.format.Durations;

/**
 * What no event tells: a backup that has not succeeded for too long (older than backup.max-age, 25 h by default), and the
 * free space of the storage between runs. Runs every {@code interval}; each check also retries mail that
 * could not be delivered. Decisions use the injected clock, so tests call {@link #runOnce()}.
 * <p>
 * Scheduled on the alert task scheduler once the context has started, the first check one interval later; no
 * stop of its own: the task scheduler ends the checks when the context closes.
 */
class AlertChecks implements ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(AlertChecks.class);

    private final AlertService alerts;
    private final RunAlerts runAlerts;
    private final Function<String, Optional<Instant>> lastSuccess;
    private final NextStep next;
    private final List<String> databases;
    private final Duration maxAge;
    private final Duration interval;
    private final Clock clock;
    private final Instant startedAt;
    private final TaskScheduler tasks;
    private volatile ScheduledFuture<?> checks;

    /**
     * @param lastSuccess the time of the last successful backup of a database (state file or newest manifest)
     * @param tasks where the checks run every {@code interval}
     */
    AlertChecks(AlertService alerts, RunAlerts runAlerts, Function<String, Optional<Instant>> lastSuccess,
            NextStep next, List<String> databases, Duration maxAge, Duration interval, Clock clock,
            TaskScheduler tasks) {
        this.alerts = alerts;
        this.runAlerts = runAlerts;
        this.lastSuccess = lastSuccess;
        this.next = next;
        this.databases = List.copyOf(databases);
        this.maxAge = maxAge;
        this.interval = interval;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.tasks = tasks;
    }

    void runOnce() {
        Instant now = clock.instant();
        alerts.retryPending();
        for (String database : databases) {
            checkAge(database, now);
        }
        runAlerts.checkSpace(now, "at the periodic check");
    }

    private void checkAge(String database, Instant now) {
        Optional<Instant> last = lastSuccess.apply(database);
        // never a success: the clock starts with the service, not at the epoch
        Instant since = last.orElse(startedAt);
        Duration age = Duration.between(since, now);
        if (age.compareTo(maxAge) <= 0) {
            return;
        }
        Severity severity = age.compareTo(maxAge.multipliedBy(2)) >= 0 ? Severity.CRITICAL : Severity.WARNING;
        String reason = last.isPresent()
                ? "The last successful backup of " + database + " is " + Durations.compact(age) + " old"
                : "No successful backup of " + database + " since the service started " + Durations.compact(age)
                        + " ago";
        String numbers = "Last success: " + last.map(NextStep.MINUTE::format).orElse("none") + " | Age: "
                + Durations.compact(age) + " | Limit: " + Durations.compact(maxAge) + " (backup.max-age)";
        alerts.raise(new Alert(AlertType.BACKUP_STALE, severity, database, null, reason, numbers,
                "Check the scheduler and the last failures (neo4j-backup status), then run one: neo4j-backup create",
                next.nextRun(), now));
    }

    /** A child context (a separate management port) refreshes too: the checks are scheduled once. */
    @Override
    public synchronized void onApplicationEvent(ContextRefreshedEvent event) {
        if (checks == null) {
            checks = tasks.scheduleWithFixedDelay(this::runLogged, tasks.getClock().instant().plus(interval),
                    interval);
        }
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("Alert check failed; trying again in {}", Durations.compact(interval), e);
        }
    }
}
