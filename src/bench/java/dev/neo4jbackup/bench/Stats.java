package dev.neo4jbackup.bench;

import java.util.List;
import java.util.Locale;

/** Median and spread of a few repetitions. */
record Stats(long median, long min, long max, int n) {

    static Stats of(List<Long> values) {
        List<Long> sorted = values.stream().filter(v -> v >= 0).sorted().toList();
        if (sorted.isEmpty()) {
            return new Stats(-1, -1, -1, 0);
        }
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    boolean present() {
        return n > 0;
    }

    /** "12.3 s (11.9–13.0)" */
    String seconds() {
        if (!present()) {
            return "–";
        }
        return n == 1 ? s(median) : s(median) + " (" + s(min) + "–" + s(max) + ")";
    }

    private static String s(long ms) {
        return String.format(Locale.ROOT, ms < 10_000 ? "%.2f s" : "%.1f s", ms / 1000.0);
    }
}
