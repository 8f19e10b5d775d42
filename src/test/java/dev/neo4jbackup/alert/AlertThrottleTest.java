package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The throttle as a table: each row is a timeline of alerts (hours after the start, type, severity,
 * database) and whether each one is mailed. Repeat interval 24 h, as the default.
 */
class AlertThrottleTest {

    static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

    static Stream<Arguments> timelines() {
        return Stream.of(
                row("first alert of an incident is mailed",
                        "0 BACKUP_FAILED WARNING neo4j mail"),
                row("the same incident is not mailed again within the repeat interval",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "0.1 BACKUP_FAILED WARNING neo4j -",
                        "1 BACKUP_FAILED WARNING neo4j -",
                        "23.9 BACKUP_FAILED WARNING neo4j -"),
                row("a repeat after the interval, then quiet again",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "24 BACKUP_FAILED WARNING neo4j mail",
                        "30 BACKUP_FAILED WARNING neo4j -",
                        "48 BACKUP_FAILED WARNING neo4j mail"),
                row("a severity change is mailed at once, either way",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "0.5 SCHEDULER_PAUSED CRITICAL neo4j mail",
                        "1 SCHEDULER_PAUSED CRITICAL neo4j -",
                        "2 BACKUP_FAILED WARNING neo4j mail"),
                row("retries then pause: two mails for five failures",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "0.02 BACKUP_FAILED WARNING neo4j -",
                        "0.1 BACKUP_FAILED WARNING neo4j -",
                        "0.6 BACKUP_FAILED WARNING neo4j -",
                        "24.6 SCHEDULER_PAUSED CRITICAL neo4j mail"),
                row("a recovery closes the incident and the next failure is new",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "1 BACKUP_RECOVERED INFO neo4j mail",
                        "2 BACKUP_FAILED WARNING neo4j mail"),
                row("a recovery without an open incident is not mailed",
                        "0 BACKUP_RECOVERED INFO neo4j -",
                        "24 BACKUP_RECOVERED INFO neo4j -"),
                row("a second recovery finds nothing left to close",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "1 BACKUP_RECOVERED INFO neo4j mail",
                        "2 BACKUP_RECOVERED INFO neo4j -"),
                row("databases are separate incidents",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "0 BACKUP_FAILED WARNING movies mail",
                        "1 BACKUP_FAILED WARNING movies -",
                        "2 BACKUP_RECOVERED INFO movies mail",
                        "3 BACKUP_FAILED WARNING neo4j -"),
                row("stale and failed are separate: the stale check never downgrades a pause",
                        "0 SCHEDULER_PAUSED CRITICAL neo4j mail",
                        "25 BACKUP_STALE WARNING neo4j mail",
                        "25.1 BACKUP_STALE WARNING neo4j -",
                        "26 SCHEDULER_PAUSED CRITICAL neo4j mail",
                        "50 BACKUP_STALE CRITICAL neo4j mail"),
                row("a recovery closes the failure, the stale backup and Neo4j's incident in one mail",
                        "0 NEO4J_RESTART_FAILED CRITICAL * mail",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "25 BACKUP_STALE WARNING neo4j mail",
                        "26 BACKUP_RECOVERED INFO neo4j mail",
                        "27 NEO4J_RESTART_FAILED CRITICAL * mail",
                        "27.5 BACKUP_STALE WARNING neo4j mail"),
                row("disk low found by a check is one incident for the storage, whatever the database",
                        "0 DISK_LOW WARNING * mail",
                        "0.02 DISK_LOW WARNING * -",
                        "1 DISK_LOW WARNING * -"),
                row("a run refused for space escalates the disk incident; a success closes only that",
                        "0 DISK_LOW WARNING * mail",
                        "1 DISK_LOW CRITICAL neo4j mail",
                        "2 BACKUP_RECOVERED INFO neo4j mail",
                        "2 DISK_LOW WARNING * mail",
                        "3 BACKUP_RECOVERED INFO neo4j -",
                        "3 DISK_LOW WARNING * -"),
                row("a success leaves a disk-low warning open (no mail per run)",
                        "0 DISK_LOW WARNING * mail",
                        "1 BACKUP_RECOVERED INFO neo4j -",
                        "1 DISK_LOW WARNING * -"),
                row("a restore failure is its own incident",
                        "0 RESTORE_FAILED CRITICAL neo4j mail",
                        "0 BACKUP_FAILED WARNING neo4j mail",
                        "1 BACKUP_RECOVERED INFO neo4j mail",
                        "2 RESTORE_FAILED CRITICAL neo4j -"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timelines")
    void mailsExactlyWhereTheTableSays(String name, List<String> steps) {
        ThrottlePolicy policy = new ThrottlePolicy(Duration.ofHours(24));
        Map<IncidentKey, Incident> open = new LinkedHashMap<>();
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String step : steps) {
            String[] f = step.split(" ");
            Instant at = T0.plusSeconds(Math.round(Double.parseDouble(f[0]) * 3600));
            Alert alert = new Alert(AlertType.valueOf(f[1]), Severity.valueOf(f[2]), f[3], null, "r", null, null,
                    null, at);
            ThrottlePolicy.Decision decision = policy.decide(Map.copyOf(open), alert);
            expected.add(step);
            actual.add(String.join(" ", f[0], f[1], f[2], f[3], decision.mail() ? "mail" : "-") + "  ("
                    + decision.why() + ")");

            // invariants of every decision
            assertThat(decision.why()).isNotBlank();
            if (alert.type().isRecovery()) {
                assertThat(decision.mail()).isEqualTo(!decision.closed().isEmpty());
                assertThat(decision.open().size()).isEqualTo(open.size() - decision.closed().size());
            } else {
                assertThat(decision.open()).containsKey(alert.type().incidentKey(alert.database()));
                assertThat(decision.open().get(alert.type().incidentKey(alert.database())).severity())
                        .isEqualTo(alert.severity());
            }
            open = decision.open();
        }
        // compare whole timelines so a failure shows every step and why it was (not) mailed
        assertThat(actual.stream().map(s -> s.substring(0, s.indexOf("  ("))).toList()).as(String.join("\n", actual))
                .isEqualTo(expected);
    }

    private static Arguments row(String name, String... steps) {
        return Arguments.of(name, List.of(steps));
    }
}
