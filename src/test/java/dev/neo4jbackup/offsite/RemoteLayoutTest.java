package dev.neo4jbackup.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.neo4jbackup.domain.BackupId;

/** Which listed keys are backups of ours: only the key an id gives, under a safe prefix. */
class RemoteLayoutTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            host-a/neo4j/neo4j-20261201-020000.json              | host-a | neo4j-20261201-020000
            prod/db1/neo4j/neo4j-20261201-020000.json            | prod/db1 | neo4j-20261201-020000
            host-a/neo4j/neo4j-20261201-020000.dump.gz           | - | -
            host-a/neo4j/neo4j-20261201-020000.dump.gz.sha256    | - | -
            host-a/other/neo4j-20261201-020000.json              | - | -
            neo4j/neo4j-20261201-020000.json                     | - | -
            host-a/neo4j/neo4j-2026.json                         | - | -
            ../neo4j/neo4j-20261201-020000.json                  | - | -
            a/../neo4j/neo4j-20261201-020000.json                | - | -
            /neo4j/neo4j-20261201-020000.json                    | - | -
            a//neo4j/neo4j-20261201-020000.json                  | - | -
            host a/neo4j/neo4j-20261201-020000.json              | - | -
            host-a/neo4j/.state.json                             | - | -
            """)
    void parse(String key, String prefix, String id) {
        var parsed = RemoteLayout.parse(key);
        if (prefix.equals("-")) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).contains(new RemoteLayout.Listed(prefix, BackupId.parse(id)));
        }
    }

    @ParameterizedTest(name = "only {0}")
    @CsvSource(textBlock = """
            host-a, 1
            host-b, 1
            host, 0
            """)
    void onlyOnePrefix(String prefix, int count) {
        List<String> keys = List.of("host-a/neo4j/neo4j-20261201-020000.json", "host-b/neo4j/neo4j-20261201-020000.json",
                "host-a/neo4j/neo4j-20261201-020000.dump.gz");
        assertThat(RemoteLayout.manifests(keys, prefix)).hasSize(count);
        assertThat(RemoteLayout.manifests(keys, null)).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            neo4j-20261201-020000, host-a, host-a/neo4j/neo4j-20261201-020000.json
            movies-20261201-020000, prod/db1, prod/db1/movies/movies-20261201-020000.json
            """)
    void keysComeFromTheId(String id, String prefix, String key) {
        assertThat(RemoteLayout.manifestKey(prefix, BackupId.parse(id))).isEqualTo(key);
    }
}
