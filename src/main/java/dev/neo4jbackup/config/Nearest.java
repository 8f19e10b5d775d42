package dev.neo4jbackup.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The did-you-mean of a mistyped name: the candidate fewest edits away, when it is close enough. */
public final class Nearest {

    private Nearest() {
    }

    /** The candidate nearest to {@code given} if at most {@code maxEdits} single-character edits away. */
    public static Optional<String> to(String given, Collection<String> candidates, int maxEdits) {
        return candidates.stream().min(Comparator.comparingInt(c -> distance(given, c)))
                .filter(c -> distance(given, c) <= maxEdits);
    }

    /** Levenshtein distance: one typo (a letter wrong, missing, extra) is one edit. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
