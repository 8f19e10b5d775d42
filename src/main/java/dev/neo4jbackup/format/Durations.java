package dev.neo4jbackup.format;

import java.time.Duration;
import java.util.Locale;

/** Durations the way the log lines, the CLI and the mails print them: "12.3" (seconds, one decimal), "2h30m". */
public final class Durations {

    private Durations() {
    }

    /** Seconds with one decimal, without the unit: "12.3". */
    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    public static String seconds(Duration duration) {
        return seconds(duration.toMillis());
    }

    /** Seconds since a {@link System#nanoTime()} reading, with one decimal. */
    public static String secondsSince(long startNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** A ratio as a percentage with one decimal: 0.9234 → "92.3 %". */
    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** "45s", "5m", "2h30m", "26h", "3d6h": as the properties are written; days only from two days on. */
    public static String compact(Duration d) {
        if (d == null) {
            return "never";
        }
        long days = d.toDays();
        if (days >= 2) {
            return days + "d" + (d.toHoursPart() > 0 ? d.toHoursPart() + "h" : "");
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }
}
