package dev.neo4jbackup.restore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.format.Durations;

/**
 * The lines of one restore as they happen: kept for the result, logged ({@code RESTORE_STAGE: ...}) and
 * handed to the caller's {@link RestoreProgress} at once, each with the time since the restore began.
 */
final class StageLines {

    private static final Logger log = LoggerFactory.getLogger(StageLines.class);

    private final List<String> lines = new ArrayList<>();
    private final RestoreProgress progress;
    private final long startNanos;

    StageLines(RestoreProgress progress, long startNanos) {
        this.progress = progress;
        this.startNanos = startNanos;
    }

    void add(String line) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        lines.add(line);
        log.info("RESTORE_STAGE: {} [{} s]", line, Durations.seconds(elapsed));
        try {
            progress.line(line, elapsed);
        } catch (RuntimeException e) {
            // a broken terminal must not break a restore half-way: the log has the line
            log.warn("cannot show the restore's progress ({})", e.toString());
        }
    }

    List<String> list() {
        return List.copyOf(lines);
    }
}
