package dev.neo4jbackup.backup;

import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.AnomalyProperties;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * Part of stage 5, publish: a new backup against the newest earlier successful one of the same database and kind
 * ({@link AnomalyPolicy}). A backup much smaller than that one is flagged (its manifest, BACKUP_ANOMALY in the log,
 * the {@link BackupEvents.BackupAnomaly} event the meters count), or with {@code backup.anomaly.fail} refused.
 */
final class AnomalyCheck {

    private static final Logger log = LoggerFactory.getLogger(AnomalyCheck.class);

    static final AnomalyCheck OFF = new AnomalyCheck(null, new AnomalyProperties(false, 0.5, false), event -> { },
            Clock.systemUTC());

    private final BackupCatalog catalog;
    private final AnomalyProperties settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AnomalyCheck(BackupCatalog catalog, AnomalyProperties settings, ApplicationEventPublisher events, Clock clock) {
        this.catalog = catalog;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /** The anomaly of {@code current} (logged and told as an event), or null when it has none or the check is off. */
    Manifest.Anomaly check(Manifest current, Trigger trigger) {
        if (!settings.enabled()) {
            return null;
        }
        Optional<Manifest> previous = catalog.successes().stream()
                .filter(m -> m.database().equals(current.database()) && kind(m).equals(kind(current)))
                .filter(m -> m.created().isBefore(current.created()) && !m.id().equals(current.id()))
                .max(Comparator.comparing(Manifest::created));
        AnomalyPolicy.Decision decision = AnomalyPolicy.judge(previous.map(p -> measures(p, current)).orElse(null),
                measures(current, previous.orElse(current)), settings.threshold());
        if (!decision.anomalous()) {
            log.debug("No anomaly in {}: {}", current.id(), decision.reason());
            return null;
        }
        Manifest.Anomaly anomaly = new Manifest.Anomaly(previous.get().id(), decision.findings().stream()
                .map(f -> f.measure().tag()).toList(), settings.threshold(), decision.reason());
        boolean failed = fails(trigger);
        log.warn("BACKUP_ANOMALY: {}: {}; {}", current.id(), decision.reason(), failed
                ? "not published (backup.anomaly.fail=true)" : "kept and flagged (backup.anomaly.fail=false)");
        events.publishEvent(new BackupEvents.BackupAnomaly(current.id(), current.database(), anomaly, failed,
                clock.instant()));
        return anomaly;
    }

    /** With backup.anomaly.fail the run fails; a restore's safety backup is only flagged (it must not block it). */
    boolean fails(Trigger trigger) {
        return settings.fail() && trigger != Trigger.SAFETY;
    }

    BackupFailure failure(Manifest current, Manifest.Anomaly anomaly) {
        return new BackupFailure(ErrorCode.BACKUP_ANOMALY, "The backup " + current.id() + " of " + current.database()
                + " is much smaller than " + anomaly.previousId() + " and was not published "
                + "(backup.anomaly.fail=true)", anomaly.reason(), ErrorCode.BACKUP_ANOMALY.action(), null);
    }

    private static String kind(Manifest m) {
        return m.kind() == null ? Manifest.DUMP : m.kind();
    }

    /** Stored bytes compare only between archives of the same compression and encryption. */
    private static AnomalyPolicy.Measures measures(Manifest m, Manifest other) {
        boolean sameShape = m.compression() == other.compression() && m.encrypted() == other.encrypted();
        return new AnomalyPolicy.Measures(m.id(), m.graph() == null ? -1 : m.graph().nodes(),
                m.graph() == null ? -1 : m.graph().relationships(), sameShape ? m.storedBytes() : -1);
    }
}
