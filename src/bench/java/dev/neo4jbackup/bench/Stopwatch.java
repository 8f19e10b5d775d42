package dev.neo4jbackup.bench;

/** Milliseconds since a start, from the monotonic clock. */
final class Stopwatch {

    private final long start = System.nanoTime();

    long ms() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    long msAt(long nanoTime) {
        return (nanoTime - start) / 1_000_000;
    }
}
