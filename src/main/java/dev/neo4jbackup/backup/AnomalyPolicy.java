package dev.neo4jbackup.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a new backup is suddenly much smaller than the previous successful one of the same database and kind:
 * the classic silent failure of a backup tool ("an empty backup marked successful"). A pure function of the two
 * backups' measures and the share a measure may fall by; a measure either side does not know (-1), or that was 0
 * before, is not compared.
 */
public final class AnomalyPolicy {

    /** What is compared; {@link #tag()} is the metric's {@code measure} tag and the manifest's name. */
    public enum Measure {
        NODES("nodes"), RELATIONSHIPS("relationships"), STORED_BYTES("stored_bytes");

        private final String tag;

        Measure(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /**
     * One backup's measures; -1 where it has none (no graph counts; stored bytes of another compression, which are
     * not comparable).
     */
    public record Measures(String id, long nodes, long relationships, long storedBytes) {

        long of(Measure measure) {
            return switch (measure) {
                case NODES -> nodes;
                case RELATIONSHIPS -> relationships;
                case STORED_BYTES -> storedBytes;
            };
        }
    }

    /** A measure that fell by {@code drop} (0.9: 90 %) from {@code previous} to {@code current}. */
    public record Finding(Measure measure, long previous, long current, double drop) {
    }

    /**
     * @param anomalous at least one measure fell by more than the threshold
     * @param findings  those measures (empty when not anomalous)
     * @param reason    the numbers, for the log line, the alert and the manifest
     */
    public record Decision(boolean anomalous, List<Finding> findings, String reason) {
    }

    private AnomalyPolicy() {
    }

    /**
     * @param previous  the newest earlier successful backup of the same database and kind; null when there is none
     * @param current   the new backup
     * @param threshold the share a measure may fall by, 0 &lt; threshold &lt; 1 (backup.anomaly.threshold)
     */
    public static Decision judge(Measures previous, Measures current, double threshold) {
        if (previous == null) {
            return new Decision(false, List.of(), "no earlier successful backup of this database and kind to compare "
                    + "with");
        }
        List<Finding> findings = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            long before = previous.of(measure);
            long now = current.of(measure);
            if (before <= 0 || now < 0) {
                continue;
            }
            double drop = (double) (before - now) / before;
            compared.add(String.format(Locale.ROOT, "%s %d (was %d, %s)", measure.tag(), now, before, change(drop)));
            if (drop > threshold) {
                findings.add(new Finding(measure, before, now, drop));
            }
        }
        String limit = String.format(Locale.ROOT, "%.0f %%", threshold * 100);
        if (compared.isEmpty()) {
            return new Decision(false, List.of(), "nothing to compare with " + previous.id() + " (no counts or sizes "
                    + "on both sides)");
        }
        if (findings.isEmpty()) {
            return new Decision(false, List.of(), "none fell by more than " + limit + " since " + previous.id() + ": "
                    + String.join(", ", compared));
        }
        List<String> fell = findings.stream().map(f -> String.format(Locale.ROOT, "%s %d (was %d, %s)",
                f.measure().tag(), f.current(), f.previous(), change(f.drop()))).toList();
        return new Decision(true, List.copyOf(findings), String.join(", ", fell) + " since " + previous.id()
                + ": more than the " + limit + " backup.anomaly.threshold allows");
    }

    private static String change(double drop) {
        return drop >= 0 ? String.format(Locale.ROOT, "down %.1f %%", drop * 100)
                : String.format(Locale.ROOT, "up %.1f %%", -drop * 100);
    }
}
