package dev.neo4jbackup.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** "What happens next" in words, from the scheduler's next run and the pause. */
class NextStep {

    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final String PAUSED = "paused until resumed: neo4j-backup resume";

    private final Supplier<Optional<Instant>> nextRun;
    private final BooleanSupplier paused;

    /**
     * @param nextRun the scheduler's next attempt; empty while paused or without a scheduler
     * @param paused  whether the scheduler is paused (the state file: the CLI can pause it too)
     */
    NextStep(Supplier<Optional<Instant>> nextRun, BooleanSupplier paused) {
        this.nextRun = nextRun;
        this.paused = paused;
    }

    static String retry(Instant at, int attempt, int of) {
        return "retry at " + MINUTE.format(at) + " (attempt " + attempt + " of " + of + ")";
    }

    /** The next scheduled run, or why there is none. */
    String nextRun() {
        if (paused.getAsBoolean()) {
            return PAUSED;
        }
        return nextRun.get().map(at -> "next scheduled run at " + MINUTE.format(at))
                .orElse("no scheduled run (backup.scheduler.enabled=false): run one by hand: neo4j-backup create");
    }
}
