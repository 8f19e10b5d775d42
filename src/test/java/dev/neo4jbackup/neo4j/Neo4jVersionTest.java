package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.neo4jbackup.neo4j.Neo4jVersion.Release;

/** The versions `dbms.components()` and `neo4j-admin --version` print, the LTS line and the calendar releases. */
class Neo4jVersionTest {

    @ParameterizedTest
    @CsvSource({
            "5.26.30,           5, 26, 30, false, 5.26",
            "2025.12.1,         2025, 12, 1, true, 2025.12",
            "2025.01.0,         2025, 1, 0, true, 2025.01",
            "2026.02.3,         2026, 2, 3, true, 2026.02",
            "2025.12.1-community, 2025, 12, 1, true, 2025.12",
            "5.26.0-drop01,     5, 26, 0, false, 5.26",
            "4.4,               4, 4, 0, false, 4.4"})
    void releaseNumbersOfBothLines(String text, int major, int minor, int patch, boolean calendar, String line) {
        Release release = Release.parse(text).orElseThrow();
        assertThat(release).isEqualTo(new Release(major, minor, patch));
        assertThat(release.calendar()).isEqualTo(calendar);
        assertThat(release.line()).isEqualTo(line);
    }

    @Test
    void calendarReleasesPrintAsNeo4jPrintsThem() {
        assertThat(Release.parse("2025.01.0").orElseThrow()).hasToString("2025.01.0");
        assertThat(Release.parse("2025.12.1").orElseThrow()).hasToString("2025.12.1");
        assertThat(Release.parse("5.26.30").orElseThrow()).hasToString("5.26.30");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "unknown", "dev", "five.26"})
    void whatIsNoVersionIsEmpty(String text) {
        assertThat(Release.parse(text)).isEmpty();
        assertThat(new Neo4jVersion(text, "community").release()).isEmpty();
    }

    @Test
    void releaseOrderIsUpgradeOrder() {
        List<Release> shuffled = List.of("2026.01.0", "5.26.30", "2025.12.1", "4.4.40", "2025.01.0", "5.26.9")
                .stream().map(v -> Release.parse(v).orElseThrow()).sorted().toList();
        assertThat(shuffled).extracting(Release::toString)
                .containsExactly("4.4.40", "5.26.9", "5.26.30", "2025.01.0", "2025.12.1", "2026.01.0");
        Release lts = Release.parse("5.26.30").orElseThrow();
        Release calendar = Release.parse("2025.12.1").orElseThrow();
        assertThat(calendar.newerLineThan(lts)).isTrue();
        assertThat(lts.newerLineThan(calendar)).isFalse();
        assertThat(Release.parse("5.26.30").orElseThrow().newerLineThan(Release.parse("5.26.2").orElseThrow()))
                .as("a newer patch is the same line").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"community, false", "enterprise, true", "Enterprise, true"})
    void editionAsTheServerNamesIt(String edition, boolean enterprise) {
        assertThat(new Neo4jVersion("2025.12.1", edition).enterprise()).isEqualTo(enterprise);
    }
}
