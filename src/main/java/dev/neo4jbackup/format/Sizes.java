package dev.neo4jbackup.format;

import java.util.Locale;

/** Byte counts and durations the way operators read them in logs and mails: "524.3 MB", "2h30m". */
public final class Sizes {

    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        do {
            value /= 1024;
            unit++;
        } while (value >= 1024 && unit < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** "45s", "5m", "2h30m", "26h", "3d6h": as the properties are written; days only from two days on. */
    public static String duration(java.time.Duration d) {
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
