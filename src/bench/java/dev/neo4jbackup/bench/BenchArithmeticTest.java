package dev.neo4jbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The little arithmetic the report rests on: medians, spreads, ratios and the interleaving order. */
class BenchArithmeticTest {

    @Test
    void medianAndSpreadIgnoreMissingValues() {
        assertThat(Stats.of(List.of(30L, 10L, 20L))).isEqualTo(new Stats(20, 10, 30, 3));
        assertThat(Stats.of(List.of(40L, 10L, 20L, 30L))).isEqualTo(new Stats(25, 10, 40, 4));
        assertThat(Stats.of(List.of(-1L, 5L))).isEqualTo(new Stats(5, 5, 5, 1));
        assertThat(Stats.of(List.of(-1L)).present()).isFalse();
        assertThat(Stats.of(List.of(12_345L, 9_000L)).seconds()).isEqualTo("10.7 s (9.00 s–12.3 s)");
    }

    @Test
    void ratioIsOfMedians() {
        assertThat(Report.ratio(Stats.of(List.of(90L, 95L, 200L)), Stats.of(List.of(100L)))).isEqualTo("0.95");
        assertThat(Report.ratio(Stats.of(List.of()), Stats.of(List.of(100L)))).isEqualTo("–");
    }

    @Test
    void everyRepetitionStartsWithAnotherVariant() {
        List<String> v = List.of("A", "B", "C");
        assertThat(Benchmark.rotate(v, 1)).containsExactly("A", "B", "C");
        assertThat(Benchmark.rotate(v, 2)).containsExactly("B", "C", "A");
        assertThat(Benchmark.rotate(v, 3)).containsExactly("C", "A", "B");
        assertThat(Benchmark.rotate(v, 4)).containsExactly("A", "B", "C");
    }

    @Test
    void theGraphsHaveTheSizesOfTheIssue() {
        assertThat(SyntheticGraph.of("M").expectedCounts()).containsEntry("nodes", 1_000_000L)
                .containsEntry("relationships", 3_000_000L).containsEntry("Company", 100_000L)
                .containsEntry("Person", 900_000L);
        assertThat(SyntheticGraph.of("XS").expectedCounts()).containsEntry("nodes", 10_000L)
                .containsEntry("relationships", 30_000L).containsEntry("Company", 1_000L);
    }

    @Test
    void theLargePropertiesGraphIsTheIssuesAndItsEmbeddingsAreTheTestsValues() {
        assertThat(new LargePropertiesGraph().expectedCounts()).containsEntry("nodes", 20_200L)
                .containsEntry("relationships", 200L).containsEntry("Emb", 20_000L).containsEntry("LongDoc", 200L);
        String[] cells = LargePropertiesGraph.embedding(3).split(";");
        assertThat(cells).hasSize(1_536);
        // ((i + x) % 97) / 8.0, x from 1: as LargePropertiesHeapTest makes them
        assertThat(cells[0]).isEqualTo("0.5");
        assertThat(cells[93]).isEqualTo("0.0");
        assertThat(LargePropertiesGraph.TEXT_CHARS).isEqualTo(2 * 1024 * 1024);
    }
}
