package dev.neo4jbackup.auto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.neo4jbackup.domain.GraphStats;

/** The auto-backup decision as a table: counts now, counts of the last backup, thresholds, and what it says. */
class AutoBackupPolicyTest {

    private static final AutoBackupPolicy.Thresholds DEFAULTS = new AutoBackupPolicy.Thresholds(50, 100, 10);

    @ParameterizedTest(name = "{0}+{1} after {2}+{3} with {4}/{5}/{6}% -> {7}: {8}")
    @CsvSource(delimiter = '|', textBlock = """
            # nodes | rels | last nodes | last rels | min nodes | min rels | min % | backup | reason
            1012    | 1003 | 1000       | 1000      | 50        | 100      | 10    | false  | nodes +12 (< 50), relationships +3 (< 100), growth +0.8 % (< 10 %)
            1050    | 1000 | 1000       | 1000      | 50        | 100      | 10    | true   | nodes +50 (>= 50)
            1049    | 1100 | 1000       | 1000      | 50        | 100      | 10    | true   | relationships +100 (>= 100)
            120     | 100  | 100        | 100       | 50        | 100      | 10    | true   | growth +10 % (>= 10 %)
            119     | 100  | 100        | 100       | 50        | 100      | 10    | false  | nodes +19 (< 50), relationships +0 (< 100), growth +9.5 % (< 10 %)
            2000    | 3000 | 1000       | 1000      | 50        | 100      | 10    | true   | nodes +1000 (>= 50), relationships +2000 (>= 100), growth +150 % (>= 10 %)
            900     | 1000 | 1000       | 1000      | 50        | 100      | 10    | false  | nodes -100 (< 50), relationships +0 (< 100), growth -5 % (< 10 %)
            1       | 0    | 0          | 0         | 50        | 100      | 10    | true   | growth +inf % (>= 10 %)
            0       | 0    | 0          | 0         | 50        | 100      | 10    | false  | nodes +0 (< 50), relationships +0 (< 100), growth +0 % (< 10 %)
            1060    | 1000 | 1000       | 1000      | 0         | 100      | 10    | false  | relationships +0 (< 100), growth +3 % (< 10 %)
            1000    | 1000 | 1000       | 1000      | 1         | 0        | 0     | false  | nodes +0 (< 1)
            1001    | 1000 | 1000       | 1000      | 1         | 0        | 0     | true   | nodes +1 (>= 1)
            """)
    void decides(long nodes, long rels, long lastNodes, long lastRels, long minNodes, long minRels, double minPercent,
            boolean backup, String reason) {
        AutoBackupPolicy.Decision decision = AutoBackupPolicy.decide(stats(nodes, rels), stats(lastNodes, lastRels),
                new AutoBackupPolicy.Thresholds(minNodes, minRels, minPercent));
        assertThat(decision.backup()).isEqualTo(backup);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.newNodes()).isEqualTo(nodes - lastNodes);
        assertThat(decision.newRelationships()).isEqualTo(rels - lastRels);
    }

    @Test
    void withoutAnEarlierBackupItBacksUp() {
        AutoBackupPolicy.Decision decision = AutoBackupPolicy.decide(stats(3, 0), null, DEFAULTS);
        assertThat(decision.backup()).isTrue();
        assertThat(decision.reason()).isEqualTo("no earlier backup with graph counts to compare with");
    }

    private static GraphStats stats(long nodes, long rels) {
        return new GraphStats(nodes, rels, Map.of(), Map.of(), 0, 0);
    }
}
