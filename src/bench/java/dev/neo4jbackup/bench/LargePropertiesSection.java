package dev.neo4jbackup.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The report's section of the large-properties rows (issue 29, point 4): times, entities/s and MB/s of JSON lines,
 * the proof's share of the import it precedes, and the worker's heap under {@code -Xmx256m}; and their target rows.
 */
final class LargePropertiesSection {

    private static final long HEAP_BOUND = 256L << 20;

    private final List<Sample> samples;

    LargePropertiesSection(List<Sample> samples) {
        this.samples = samples.stream().filter(s -> s.size().equals(LargePropertiesRows.SIZE)).toList();
    }

    /** Appends the section; returns the rows of the targets table (none when these rows did not run). */
    List<String> append(StringBuilder md) {
        List<String> targets = new ArrayList<>();
        if (samples.isEmpty()) {
            return targets;
        }
        LargePropertiesGraph graph = new LargePropertiesGraph();
        md.append(String.format(Locale.ROOT, "## Large properties (issue 29): %,d nodes × %,d doubles, %d nodes × "
                + "%s text; %,d nodes / %,d relationships, worker `%s`%n%n", LargePropertiesGraph.EMBEDDINGS,
                LargePropertiesGraph.DIMENSIONS, LargePropertiesGraph.TEXTS,
                Report.mb(LargePropertiesGraph.TEXT_CHARS), graph.nodes(), graph.relationships(),
                String.join(" ", LargePropertiesRows.WORKER_JVM)));
        md.append("| row | end to end | writes | entities/s | JSON lines | MB/s | proof | proof ÷ writes | heap peak | "
                + "RSS peak |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (String variant : Variant.LARGE_PROPERTIES) {
            Stats wall = stats(variant, Sample::wallMs);
            Stats writes = stats(variant, s -> s.extra("importMs"));
            Stats proof = stats(variant, s -> s.extra("proofMs"));
            long raw = stats(variant, Sample::rawBytes).median();
            // the export's throughput is end to end (reads, JSON, gzip, SHA-256, publish); a restore's, its writes'
            long ms = writes.present() ? writes.median() : wall.median();
            md.append("| ").append(variant).append(" | ").append(wall.seconds()).append(" | ")
                    .append(writes.seconds()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", stats(variant, s -> s.extra("entitiesPerSecond"))
                            .median())).append(" | ").append(Report.mb(raw)).append(" | ")
                    .append(wall.present() ? Report.throughput(raw, ms) : "–").append(" | ")
                    .append(proof.seconds()).append(" | ").append(Report.ratio(proof, writes)).append(" | ")
                    .append(Report.mb(max(variant, Sample::heapPeakBytes))).append(" | ")
                    .append(Report.mb(max(variant, Sample::rssPeakBytes))).append(" |\n");
            if (proof.present() && writes.present()) {
                targets.add(Report.targetRow("proof before a logical restore ≤ 0.15 × the import's time ("
                        + variant + ")", LargePropertiesRows.SIZE, Report.ratio(proof, writes),
                        proof.median() <= 0.15 * writes.median(), true));
            }
        }
        md.append("\nEach row in a worker JVM of its own bounded to the service's documented heap (an OutOfMemoryError "
                + "ends it and fails the benchmark); heap sampled every 10 ms, garbage included, so under "
                + "`-Xmx256m` it says how close the collector ran to the bound rather than what is live. The "
                + "restores: the archive unpacked (" + stages("unpackMs") + " ms), the whole file proven, then "
                + "imported in the service's batches (at most 8 MiB of lines each); MB/s is of the JSON lines. The "
                + "merge runs after a tenth of both kinds of node was deleted (lost: " + stats(Variant.LARGE_MERGE,
                        s -> s.extra("lostNodes")).median() + " nodes) and must leave the graph's counts, every "
                + "text whole, no duplicate.\n\n");
        boolean all = Variant.LARGE_PROPERTIES.stream().allMatch(v -> stats(v, Sample::wallMs).present());
        long heap = Variant.LARGE_PROPERTIES.stream().mapToLong(v -> max(v, Sample::heapPeakBytes)).max()
                .orElse(-1);
        targets.add(Report.targetRow("large properties: export and both restores inside `-Xmx256m`",
                LargePropertiesRows.SIZE, (all ? "all three ran" : "not all ran") + ", heap peak " + Report.mb(heap),
                all && heap <= HEAP_BOUND, true));
        return targets;
    }

    private String stages(String key) {
        return String.join(" / ", Variant.LARGE_PROPERTIES.stream().map(v -> stats(v, s -> s.extra(key)))
                .filter(Stats::present).map(s -> Long.toString(s.median())).toList());
    }

    private Stats stats(String variant, ToLongFunction<Sample> value) {
        return Stats.of(samples.stream().filter(s -> s.variant().equals(variant)).map(value::applyAsLong).toList());
    }

    private long max(String variant, ToLongFunction<Sample> value) {
        return samples.stream().filter(s -> s.variant().equals(variant)).mapToLong(value).max().orElse(-1);
    }
}
