package dev.neo4jbackup.auto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.neo4jbackup.domain.GraphStats;

/**
 * Whether the graph changed enough since the last successful backup to be worth another one: a pure
 * function of the two counts and the thresholds. Any one rule that is met is enough; a threshold of 0 is a
 * rule turned off. Growth is of nodes plus relationships, against the last backup's.
 */
public final class AutoBackupPolicy {

    /** @param minGrowthPercent e.g. 10 for 10 % */
    public record Thresholds(long minNewNodes, long minNewRelationships, double minGrowthPercent) {
    }

    /**
     * @param backup   take a backup now
     * @param newNodes current minus last (negative when nodes were deleted)
     * @param reason   the rules and their numbers, for the AUTO_BACKUP or AUTO_SKIPPED line
     */
    public record Decision(boolean backup, long newNodes, long newRelationships, double growthPercent,
            String reason) {
    }

    private AutoBackupPolicy() {
    }

    /**
     * @param current the graph now (without the service's metadata nodes)
     * @param last    the last successful backup's counts; null when there is none, or it recorded none
     */
    public static Decision decide(GraphStats current, GraphStats last, Thresholds thresholds) {
        if (last == null) {
            return new Decision(true, current.nodes(), current.relationships(), Double.POSITIVE_INFINITY,
                    "no earlier backup with graph counts to compare with");
        }
        long newNodes = current.nodes() - last.nodes();
        long newRelationships = current.relationships() - last.relationships();
        long before = last.nodes() + last.relationships();
        long now = current.nodes() + current.relationships();
        // growth from nothing is unbounded; no change of nothing is none
        double growth = before == 0 ? (now > 0 ? Double.POSITIVE_INFINITY : 0.0) : (now - before) * 100.0 / before;
        List<String> met = new ArrayList<>();
        List<String> unmet = new ArrayList<>();
        rule(thresholds.minNewNodes() > 0, newNodes >= thresholds.minNewNodes(),
                "nodes " + signed(newNodes), Long.toString(thresholds.minNewNodes()), met, unmet);
        rule(thresholds.minNewRelationships() > 0, newRelationships >= thresholds.minNewRelationships(),
                "relationships " + signed(newRelationships), Long.toString(thresholds.minNewRelationships()), met,
                unmet);
        rule(thresholds.minGrowthPercent() > 0, growth >= thresholds.minGrowthPercent(),
                "growth " + percent(growth), plain(thresholds.minGrowthPercent()) + " %", met, unmet);
        boolean backup = !met.isEmpty();
        return new Decision(backup, newNodes, newRelationships, growth, String.join(", ", backup ? met : unmet));
    }

    private static void rule(boolean on, boolean reached, String value, String threshold, List<String> met,
            List<String> unmet) {
        if (!on) {
            return;
        }
        if (reached) {
            met.add(value + " (>= " + threshold + ")");
        } else {
            unmet.add(value + " (< " + threshold + ")");
        }
    }

    private static String signed(long value) {
        return value >= 0 ? "+" + value : Long.toString(value);
    }

    private static String plain(double value) {
        return String.format(Locale.ROOT, "%.1f", value).replaceAll("\\.0$", "");
    }

    static String percent(double value) {
        if (Double.isInfinite(value)) {
            return "+inf %";
        }
        String number = String.format(Locale.ROOT, "%.1f", value);
        return (value >= 0 ? "+" : "") + number.replaceAll("\\.0$", "") + " %";
    }
}
