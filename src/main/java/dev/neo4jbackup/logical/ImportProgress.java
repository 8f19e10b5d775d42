package dev.neo4jbackup.logical;

import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.format.Durations;

/** The import's progress line every 5 s: {@code Restoring: 125000 of 200000 entities (1424 entities/s, ETA 52s)}. */
final class ImportProgress {

    private static final Logger log = LoggerFactory.getLogger(ImportProgress.class);

    private final long total;
    private final Consumer<String> lines;
    private final long t0;
    private long lastLine = System.nanoTime();

    ImportProgress(long total, Consumer<String> lines, long t0) {
        this.total = total;
        this.lines = lines;
        this.t0 = t0;
    }

    void told(long done) {
        long now = System.nanoTime();
        if (now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        double seconds = (now - t0) / 1e9;
        double rate = done / Math.max(seconds, 0.001);
        String eta = total > 0 && rate > 0 ? ", ETA " + Durations.compact(Duration.ofSeconds(
                (long) ((total - done) / rate))) : "";
        String line = String.format(java.util.Locale.ROOT, "Restoring: %d%s entities (%.0f entities/s%s)", done,
                total > 0 ? " of " + total : "", rate, eta);
        log.info("LOGICAL_RESTORE_PROGRESS: {}", line);
        lines.accept(line);
    }
}
