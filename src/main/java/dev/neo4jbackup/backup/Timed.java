package dev.neo4jbackup.backup;

import java.time.Duration;
import java.util.function.Supplier;

/** A stage's result and how long the stage took: the one way a run times its stages. */
record Timed<T>(T value, Duration took) {

    static <T> Timed<T> of(Supplier<T> stage) {
        long start = System.nanoTime();
        T value = stage.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    long ms() {
        return took.toMillis();
    }
}
