package dev.neo4jbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Neo4jExtension.class)
class Neo4jExtensionTest {

    @Test
    void aFreshServerIsStartedEmptyOnItsOwnPortAndData(@Neo4jExtension.Fresh Neo4jServer fresh, Neo4jServer shared) {
        assertThat(fresh.count("MATCH (n) RETURN count(n)")).isZero();
        assertThat(shared.count("MATCH (n) RETURN count(n)")).isPositive();
        assertThat(fresh.boltPort()).isNotEqualTo(shared.boltPort());
        assertThat(fresh.dataDir()).isNotEqualTo(shared.dataDir());
    }

    @Test
    void aFailedStartShowsNeo4jsOwnLog() throws Exception {
        try (Neo4jServer broken = Neo4jServer.create("broken")) {
            Files.writeString(broken.confDir().resolve("neo4j.conf"), "server.memory.heap.max_size=nonsense\n",
                    java.nio.file.StandardOpenOption.APPEND);
            assertThatThrownBy(broken::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start").hasMessageContaining("server.memory.heap.max_size");
        }
    }
}
