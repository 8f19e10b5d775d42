package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The anomaly decision as a table: the previous successful backup's measures, the new one's, the threshold, and
 * what is decided and why. -1 is a measure one side does not have; "none" a previous backup that does not exist.
 */
class AnomalyPolicyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | previous (nodes rels bytes) | current (nodes rels bytes) | threshold | anomalous | measures                         | reason contains
            an empty backup after a full one        | 10000 30000 5000000         | 0 0 1200                   | 0.5       | true      | nodes relationships stored_bytes | nodes 0 (was 10000, down 100.0 %)
            nodes halved and a little more          | 10000 30000 5000000         | 4999 30000 5000000         | 0.5       | true      | nodes                            | nodes 4999 (was 10000, down 50.0 %) since
            exactly half is not more than half      | 10000 30000 5000000         | 5000 15000 2500000         | 0.5       | false     |                                  | none fell by more than 50 %
            relationships only                      | 10000 30000 5000000         | 9900 3000 4900000          | 0.5       | true      | relationships                    | relationships 3000 (was 30000, down 90.0 %)
            bytes only                              | 10000 30000 5000000         | 10000 30000 1000000        | 0.5       | true      | stored_bytes                     | stored_bytes 1000000 (was 5000000, down 80.0 %)
            growth is never an anomaly              | 100 300 5000                | 100000 300000 900000       | 0.5       | false     |                                  | nodes 100000 (was 100, up 99900.0 %)
            a stricter threshold flags less         | 10000 30000 5000000         | 8000 30000 5000000         | 0.1       | true      | nodes                            | more than the 10 % backup.anomaly.threshold
            a looser threshold flags nothing        | 10000 30000 5000000         | 2000 6000 1000000          | 0.9       | false     |                                  | none fell by more than 90 %
            no counts on the new one: bytes decide  | 10000 30000 5000000         | -1 -1 1000                 | 0.5       | true      | stored_bytes                     | stored_bytes 1000 (was 5000000
            other compression: bytes not compared   | 10000 30000 5000000         | 10000 30000 -1             | 0.5       | false     |                                  | nodes 10000 (was 10000, down 0.0 %)
            an empty graph before cannot shrink     | 0 0 1200                    | 0 0 1100                   | 0.5       | false     |                                  | stored_bytes 1100 (was 1200, down 8.3 %)
            nothing comparable                      | -1 -1 -1                    | 5 5 5                      | 0.5       | false     |                                  | nothing to compare with neo4j-20261201-020000
            the first backup                        | none                        | 0 0 10                     | 0.5       | false     |                                  | no earlier successful backup
            """)
    void decides(String name, String previous, String current, double threshold, boolean anomalous, String measures,
            String reason) {
        AnomalyPolicy.Decision decision = AnomalyPolicy.judge(measures("neo4j-20261201-020000", previous),
                measures("neo4j-20261202-020000", current), threshold);

        assertThat(decision.anomalous()).as(decision.reason()).isEqualTo(anomalous);
        assertThat(decision.findings()).extracting(f -> f.measure().tag())
                .containsExactlyElementsOf(measures == null ? List.of() : Arrays.asList(measures.split(" ")));
        assertThat(decision.reason()).contains(reason);
        if (anomalous) {
            assertThat(decision.reason()).contains("since neo4j-20261201-020000");
        }
    }

    private static AnomalyPolicy.Measures measures(String id, String values) {
        if (values.equals("none")) {
            return null;
        }
        long[] v = Arrays.stream(values.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
        return new AnomalyPolicy.Measures(id, v[0], v[1], v[2]);
    }
}
