package dev.neo4jbackup.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.neo4jbackup.format.Sizes;

/** How the CLI prints times, sizes and ages (the layout of list, info and status). */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    static String size(long bytes) {
        return bytes < 0 ? "unknown" : Sizes.human(bytes);
    }

    static String age(Duration d) {
        if (d == null) {
            return "-";
        }
        boolean future = d.isNegative();
        Duration a = d.abs();
        String text;
        if (a.toDays() >= 2) {
            text = a.toDays() + " days";
        } else if (a.toHours() >= 1) {
            text = a.toHours() + " h " + a.toMinutesPart() + " min";
        } else if (a.toMinutes() >= 1) {
            text = a.toMinutes() + " min";
        } else {
            text = a.toSeconds() + " s";
        }
        return future ? "in " + text : text + " ago";
    }
}
