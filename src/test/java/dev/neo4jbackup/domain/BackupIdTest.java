package dev.neo4jbackup.domain;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupIdTest {

    @Test
    void formatsAndParsesInUtc() {
        BackupId id = BackupId.of("neo4j", Instant.parse("2025-12-27T15:30:00.789Z"));
        assertThat(id).hasToString("neo4j-20251227-153000");
        assertThat(BackupId.parse("neo4j-20251227-153000")).isEqualTo(id);
        assertThat(BackupId.parse("my-db.v2-20251227-153000").database()).isEqualTo("my-db.v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "neo4j-2025", "neo4j-20251227-153000/../x", "NEO4J-20251227-153000",
            "neo4j-20251327-153000", "neo4j-20251227-153000.json", "", "ab-20251227-153000"})
    void anythingElseIsRefused(String text) {
        assertThat(BackupId.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> BackupId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<database>-<yyyyMMdd-HHmmss>");
    }
}
