package dev.neo4jbackup.neo4j;

import java.time.Duration;
import java.util.List;

/** How a child process ended, with the tail of what it printed. */
public record ProcessResult(int exitCode, boolean timedOut, String output, Duration took) {

    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** The last few non-blank lines, on one line: enough to say why, short enough for a log line. */
    public String tail() {
        if (timedOut) {
            return "timed out after " + took.toSeconds() + " s";
        }
        List<String> lines = output == null ? List.of()
                : output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** The output as one line, for a successful command's report (e.g. a dump header). */
    public String summaryLine() {
        return output == null ? "" : String.join("; ", output.lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
    }
}
