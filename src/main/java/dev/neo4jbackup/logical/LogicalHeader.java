package dev.neo4jbackup.logical;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The first line of a logical backup, read on its own (validation: is this our format, and what does it hold). */
public final class LogicalHeader {

    /** A header line is a few KB; a "first line" of megabytes is not ours. */
    private static final int MAX_CHARS = 16 * 1024 * 1024;

    private LogicalHeader() {
    }

    /** @return a one-line summary, or the problem prefixed with {@code !} */
    public static String check(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (line.length() >= MAX_CHARS) {
                    return "!the first line is longer than " + MAX_CHARS + " characters";
                }
                line.append((char) c);
            }
            Object parsed;
            try {
                parsed = LogicalExporter.LINES.readValue(line.toString(), Object.class);
            } catch (RuntimeException e) {
                return "!the first line is not JSON";
            }
            if (!(parsed instanceof Map<?, ?> h) || !"meta".equals(h.get("type"))
                    || !LogicalExporter.FORMAT.equals(h.get("format"))) {
                return "!the first line is not a " + LogicalExporter.FORMAT + " header";
            }
            Object counts = h.get("counts");
            return LogicalExporter.FORMAT + " of " + h.get("database") + " taken " + h.get("created") + ", "
                    + (counts instanceof Map<?, ?> m ? m.get("nodes") + " nodes, " + m.get("relationships")
                            + " relationships" : "no counts");
        } catch (IOException e) {
            return "!" + e.getMessage();
        }
    }
}
