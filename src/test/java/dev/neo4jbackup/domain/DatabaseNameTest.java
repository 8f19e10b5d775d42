package dev.neo4jbackup.domain;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;


/** Neo4j's naming rule, the one every edge checks and backup ids are parsed with. */
class DatabaseNameTest {

    @ParameterizedTest
    @ValueSource(strings = { "neo4j", "system", "movies", "a12", "sales.eu-1",
            "a23456789012345678901234567890123456789012345678901234567890123" })
    void validNamesPassAndMakeBackupIds(String name) {
        assertThat(DatabaseName.require(name)).isEqualTo(name);
        assertThat(BackupId.tryParse(name + "-20261201-020000")).as("the same rule in ids").isPresent();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NEO4J|did you mean 'neo4j'?", "Movies|did you mean 'movies'?", "' neo4j'|did you mean 'neo4j'?",
            "../x|NULL", "/etc|NULL", "ne|NULL", "1abc|NULL", "neo4j/../x|NULL", "neo_4j|NULL", "''|NULL" })
    void invalidNamesAreRefusedWithTheNameMeant(String name, String meant) {
        assertThatThrownBy(() -> DatabaseName.require(name)).isInstanceOf(DatabaseName.Invalid.class)
                .hasMessageContaining("is not a Neo4j database name (3-63")
                .satisfies(e -> {
                    if (meant != null) {
                        assertThat(e.getMessage()).contains(meant);
                    } else {
                        assertThat(e.getMessage()).doesNotContain("did you mean");
                    }
                });
        assertThat(BackupId.tryParse(name + "-20261201-020000")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void sixtyFourCharactersAreTooMany() {
        assertThat(DatabaseName.isValid("a".repeat(64))).isFalse();
        assertThat(DatabaseName.isValid("a".repeat(63))).isTrue();
    }
}
