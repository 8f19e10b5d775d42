package dev.neo4jbackup.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every alert goes: logged, counted, throttled, and mailed when the throttle says so and mail is
 * configured. Mail that could not be delivered is kept (the newest per incident) and sent again with the
 * next alert or check, so a mail server that was down catches up without a storm.
 */
class AlertService {

    private static final Logger log = LoggerFactory.getLogger(AlertService.class);

    static final String ALERTS = "neo4j.backup.alerts";
    static final String MAILS = "neo4j.backup.alert.mails";

    private final ThrottlePolicy throttle;
    private final AlertMail mail;
    private final AlertMailer mailer;
    private final MeterRegistry meters;
    /** Webhooks and the like: told of the same decisions as the mail. */
    private final List<AlertChannel> channels;

    private Map<IncidentKey, Incident> open = new LinkedHashMap<>();
    /** Undelivered mails, the newest per incident (or per recovery), oldest first. */
    private final Map<String, AlertMail.Rendered> pending = new LinkedHashMap<>();
    /** The latest mail (or recovery) per key: a failed older mail must not come back after a newer one. */
    private final Map<String, Long> latest = new LinkedHashMap<>();
    private long sequence;

    /** @param mailer null when mail is not configured: alerts are logged and counted only */
    AlertService(ThrottlePolicy throttle, AlertMail mail, AlertMailer mailer, MeterRegistry meters) {
        this(throttle, mail, mailer, meters, List.of());
    }

    AlertService(ThrottlePolicy throttle, AlertMail mail, AlertMailer mailer, MeterRegistry meters,
            List<AlertChannel> channels) {
        this.throttle = throttle;
        this.mail = mail;
        this.mailer = mailer;
        this.meters = meters;
        this.channels = List.copyOf(channels);
    }

    /** Logs, counts and (maybe) mails the alert. Never blocks on the mail server, never throws for it. */
    public synchronized void raise(Alert alert) {
        ThrottlePolicy.Decision decision = throttle.decide(open, alert);
        open = decision.open();
        boolean mailing = decision.mail() && mailer != null;
        String key = pendingKey(alert);
        Incident incident = alert.type().isRecovery() ? null : open.get(alert.type().incidentKey(alert.database()));
        AlertMail.Rendered rendered = mailer == null ? null : mail.render(alert, incident, decision.closed());
        if (mailing) {
            // the newest mail of an incident says everything the older undelivered one said
            pending.remove(key);
            decision.closed().forEach(closed -> forget(closed.key().toString()));
        } else if (mailer != null && pending.containsKey(key)) {
            // the last mail of this incident never arrived: the next attempt carries the newer facts
            pending.put(key, rendered);
        }
        retryPending();
        if (mailing) {
            send(key, rendered);
        }
        if (decision.mail()) {
            tellChannels(alert);
        }
        String outcome = mailing ? "mailed to " + String.join(", ", mailer.recipients()) + ": " + decision.why()
                : mailer == null ? "not mailed (mail is off): " + decision.why() : "not mailed: " + decision.why();
        switch (alert.severity()) {
            case CRITICAL -> log.error("{} ({})", alert.logLine(), outcome);
            case WARNING -> log.warn("{} ({})", alert.logLine(), outcome);
            default -> log.info("{} ({})", alert.logLine(), outcome);
        }
        Counter.builder(ALERTS).description("Alerts raised, mailed (sent=true) or not")
                .tag("type", alert.type().name()).tag("severity", alert.severity().name())
                .tag("database", alert.database()).tag("sent", Boolean.toString(mailing)).register(meters)
                .increment();
    }

    /**
     * A check found the problem gone (free space above the minimum again): closed without a mail, when it
     * is no worse than {@code upTo} (a run refused for space stays open until a backup succeeds).
     */
    synchronized void resolve(AlertType type, String database, Severity upTo, String why) {
        IncidentKey key = type.incidentKey(database);
        Incident closed = open.get(key);
        if (closed != null && closed.severity().compareTo(upTo) <= 0) {
            open.remove(key);
            forget(key.toString());
            log.info("ALERT_RESOLVED: {} open since {}: {}", closed.type(), closed.openedAt(), why);
        }
    }

    /** Sends the mails that could not be delivered before; called with each alert and each periodic check. */
    synchronized void retryPending() {
        if (mailer == null || pending.isEmpty()) {
            return;
        }
        Map<String, AlertMail.Rendered> retry = new LinkedHashMap<>(pending);
        pending.clear();
        log.info("Retrying {} undelivered alert mail(s)", retry.size());
        retry.forEach(this::send);
    }

    synchronized List<Incident> openIncidents() {
        return new ArrayList<>(open.values());
    }

    synchronized int pendingMails() {
        return pending.size();
    }

    boolean mailEnabled() {
        return mailer != null;
    }

    private void tellChannels(Alert alert) {
        for (AlertChannel channel : channels) {
            try {
                channel.send(alert);
            } catch (RuntimeException e) {
                // a channel's bug must not cost the alert its log line and count
                log.warn("ALERT_CHANNEL_FAILED: {} did not take {}: {}", channel, alert.type(), e.toString());
            }
        }
    }

    private void forget(String key) {
        pending.remove(key);
        latest.put(key, ++sequence);
    }

    private void send(String key, AlertMail.Rendered rendered) {
        long mine = ++sequence;
        latest.put(key, mine);
        mailer.send(rendered).whenComplete((ok, error) -> {
            if (error == null) {
                count("delivered");
                log.info("ALERT_MAIL_SENT: {}", rendered.subject());
                return;
            }
            count("failed");
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            log.warn("ALERT_MAIL_FAILED: could not mail \"{}\": {}; it is sent again with the next alert or check",
                    rendered.subject(), cause.toString());
            synchronized (this) {
                // a newer mail of the same incident, or its recovery, may have come meanwhile: it wins
                if (latest.get(key) == mine) {
                    pending.put(key, rendered);
                }
            }
        });
    }

    private void count(String result) {
        Counter.builder(MAILS).description("Alert mails handed to the SMTP server (delivered) or refused (failed)")
                .tag("result", result).register(meters).increment();
    }

    private static String pendingKey(Alert alert) {
        return alert.type().isRecovery() ? "RECOVERED/" + alert.database()
                : alert.type().incidentKey(alert.database()).toString();
    }
}
