package dev.neo4jbackup.notify;

import java.time.Instant;

import org.springframework.context.event.EventListener;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.schedule.SchedulerEvents;

/**
 * {@code backup.notify.ping}: an external monitor (healthchecks.io, Uptime Kuma, Cronitor) is called when
 * a run starts ({@code url + start}), succeeds ({@code url + success}) or fails ({@code url + fail}). The
 * monitor alerts when the calls stop coming: the one failure the service cannot report itself is being
 * dead or never scheduled. Calls go through the {@link NotifySender}, never blocking the run.
 */
class DeadMansSwitch implements AutoCloseable {

    private final BackupProperties.Ping ping;
    private final NotifySender sender;
    /** A run publishes one start per database, all with the run's start time: one ping per run. */
    private Instant lastStart;

    DeadMansSwitch(BackupProperties.Ping ping, NotifySender sender) {
        this.ping = ping;
        this.sender = sender;
    }

    @Override
    public void close() {
        sender.close();
    }

    @EventListener
    void on(BackupEvents.BackupStarted event) {
        if (!ping.enabled()) {
            return;
        }
        synchronized (this) {
            if (event.at().equals(lastStart)) {
                return;
            }
            lastStart = event.at();
        }
        sender.submit(Delivery.get("ping", "start", ping.url() + ping.start()));
    }

    @EventListener
    void on(BackupEvents.RunFinished event) {
        RunReport report = event.report();
        if (!ping.enabled() || report.abortedByShutdown()) {
            return; // not a failure: the monitor's grace period covers a service that does not come back
        }
        if (report.ok()) {
            sender.submit(Delivery.get("ping", "success", ping.url() + ping.success()));
        } else {
            sender.submit(Delivery.get("ping", "fail", ping.url() + ping.fail()));
        }
    }

    /** A scheduled run that could not even begin (storage not writable) has no RunFinished: it fails here. */
    @EventListener
    void on(SchedulerEvents.RetryScheduled event) {
        if (ping.enabled() && event.report() == null) {
            sender.submit(Delivery.get("ping", "fail", ping.url() + ping.fail()));
        }
    }

    @EventListener
    void on(SchedulerEvents.SchedulerPaused event) {
        if (ping.enabled() && event.report() == null && "scheduler".equals(event.by())) {
            sender.submit(Delivery.get("ping", "fail", ping.url() + ping.fail()));
        }
    }
}
