package dev.neo4jbackup.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.neo4jbackup.catalog.ServiceState;

/**
 * The {@code backup} health component: UP while the newest successful backup of every database is younger
 * than {@code backup.max-age} and the scheduler is not paused. DOWN when a backup is stale, when the
 * scheduler is paused, or when there is no backup at all once the start-up grace has passed. Failures in
 * a row alone do not turn it DOWN: the backups are still fresh, and the alert rules report the failures.
 */
final class BackupHealthIndicator implements HealthIndicator {

    private final BackupView view;
    private final Duration maxAge;
    private final Duration startupGrace;
    private final Instant startedAt;
    private final Clock clock;

    public BackupHealthIndicator(BackupView view, Duration maxAge, Duration startupGrace, Instant startedAt,
            Clock clock) {
        this.view = view;
        this.maxAge = maxAge;
        this.startupGrace = startupGrace;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        ServiceState state = view.state();
        CatalogSnapshot catalogue = view.catalogue();
        DatabaseBackups weakest = catalogue.weakest();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastSuccessId", weakest.newest() != null ? weakest.newest().id() : "none");
        details.put("lastSuccessAt", weakest.lastSuccessAt().map(Instant::toString).orElse("none"));
        Duration age = weakest.lastSuccessAt().map(at -> Duration.between(at, now)).orElse(null);
        details.put("age", age != null ? age.withNanos(0).toString() : "none");
        details.put("maxAge", maxAge.toString());
        details.put("consecutiveFailures", state.consecutiveFailures());
        details.put("nextRun", view.nextRun().map(Instant::toString).orElse("none"));
        details.put("paused", state.paused());
        if (catalogue.databases().size() > 1) {
            Map<String, Object> perDatabase = new LinkedHashMap<>();
            catalogue.databases().forEach((db, b) -> perDatabase.put(db,
                    b.lastSuccessAt().map(Instant::toString).orElse("none")));
            details.put("databases", perDatabase);
        }
        if (state.lastErrorCode() != null && state.consecutiveFailures() > 0) {
            details.put("lastErrorCode", state.lastErrorCode());
        }

        String down = downReason(state, weakest, age, now);
        if (down != null) {
            details.put("reason", down);
            return Health.down().withDetails(details).build();
        }
        if (age == null) {
            details.put("note", "no backup yet; within the start-up grace until " + startedAt.plus(startupGrace));
        }
        return Health.up().withDetails(details).build();
    }

    private String downReason(ServiceState state, DatabaseBackups weakest, Duration age, Instant now) {
        if (state.paused()) {
            return "scheduler paused since " + state.pausedAt() + " (" + state.pauseReason()
                    + "); resume it with: neo4j-backup resume";
        }
        if (age == null) {
            Instant graceEnd = startedAt.plus(startupGrace);
            return now.isAfter(graceEnd) ? "no successful backup of " + weakest.database() + " within "
                    + startupGrace + " of start-up (backup.health.startup-grace)" : null;
        }
        if (age.compareTo(maxAge) > 0) {
            return "newest backup of " + weakest.database() + " (" + weakest.newest().id() + ") is "
                    + age.withNanos(0) + " old, more than backup.max-age " + maxAge;
        }
        return null;
    }
}
