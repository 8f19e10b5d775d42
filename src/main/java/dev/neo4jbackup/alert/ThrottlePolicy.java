package dev.neo4jbackup.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.neo4jbackup.format.Durations;

/**
 * No mail storms, as a pure function: (open incidents, alert) -> (mail or not, why, open incidents after).
 * <ul>
 * <li>the first alert of an incident is mailed;</li>
 * <li>a change of severity (either way) is mailed;</li>
 * <li>otherwise the same incident is mailed again at most every {@code repeatInterval};</li>
 * <li>a recovery is mailed when it closes at least one open incident, and closes them; a DISK_LOW
 * found by a check (WARNING) is not closed by a backup that succeeds, only by a check that finds space.</li>
 * </ul>
 * No clock, no I/O, no mail: the caller keeps the map and does the sending.
 */
final class ThrottlePolicy {

    private final Duration repeatInterval;

    ThrottlePolicy(Duration repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    /**
     * @param closed the incidents a recovery closed (empty otherwise)
     */
    record Decision(boolean mail, String why, Map<IncidentKey, Incident> open, List<Incident> closed) {
    }

    Decision decide(Map<IncidentKey, Incident> open, Alert alert) {
        Map<IncidentKey, Incident> next = new LinkedHashMap<>(open);
        if (alert.type().isRecovery()) {
            List<Incident> closed = new ArrayList<>();
            for (IncidentKey key : AlertType.closedByRecoveryOf(alert.database())) {
                Incident incident = next.get(key);
                if (incident == null
                        || incident.type() == AlertType.DISK_LOW && incident.severity() != Severity.CRITICAL) {
                    continue;
                }
                next.remove(key);
                closed.add(incident);
            }
            return closed.isEmpty()
                    ? new Decision(false, "no open incident to close", next, closed)
                    : new Decision(true, "closes " + closed.stream().map(i -> i.type().name()).toList(), next,
                            closed);
        }
        IncidentKey key = alert.type().incidentKey(alert.database());
        Incident current = next.get(key);
        if (current == null) {
            next.put(key, new Incident(key, alert.type(), alert.severity(), alert.at(), alert.at(), 1));
            return new Decision(true, "new incident", next, List.of());
        }
        if (current.severity() != alert.severity()) {
            next.put(key, new Incident(key, alert.type(), alert.severity(), current.openedAt(), alert.at(),
                    current.alerts() + 1));
            return new Decision(true, "severity " + current.severity() + " -> " + alert.severity(), next, List.of());
        }
        Duration sinceMail = current.lastMailAt() == null ? null : Duration.between(current.lastMailAt(), alert.at());
        if (sinceMail == null || sinceMail.compareTo(repeatInterval) >= 0) {
            next.put(key, new Incident(key, alert.type(), alert.severity(), current.openedAt(), alert.at(),
                    current.alerts() + 1));
            return new Decision(true, "repeat: still open after " + Durations.compact(sinceMail), next, List.of());
        }
        next.put(key, new Incident(key, alert.type(), alert.severity(), current.openedAt(), current.lastMailAt(),
                current.alerts() + 1));
        return new Decision(false, "suppressed: same incident mailed " + Durations.compact(sinceMail) + " ago, repeats every "
                + Durations.compact(repeatInterval), next, List.of());
    }

}
