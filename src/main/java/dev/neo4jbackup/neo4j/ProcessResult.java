package dev.neo4jbackup.neo4j;

import java.time.Duration;

/** How a child process ended, with the tail of what it printed. */
public record ProcessResult(int exitCode, boolean timedOut, String output, Duration took) {

    public boolean ok() {
        return !timedOut && exitCode == 0;
    }
}
