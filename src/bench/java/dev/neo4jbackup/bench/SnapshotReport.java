package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The report of {@code -Dbench.snapshot-only=true}: downtime and end to end of the service with and without
 * {@code backup.neo4j.snapshot=copy}, each as a ratio of the bare stop+dump+start of the same run.
 */
final class SnapshotReport {

    private SnapshotReport() {
    }

    static void write(BenchOptions options, List<Sample> samples, Instant started, String loadBefore)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Command: `").append(options.command()).append("`; ").append(Instant.now()).append(", took ")
                .append(Duration.between(started, Instant.now()).toMinutes()).append(" min; load average before ")
                .append(loadBefore).append(", after ").append(Machine.loadAverage()).append(".\n\n");
        for (String size : samples.stream().map(Sample::size).distinct().toList()) {
            Stats bareDown = stats(samples, size, Variant.BARE_DUMP, Sample::downtimeMs);
            Stats bareWall = stats(samples, size, Variant.BARE_DUMP, Sample::wallMs);
            Stats shellWall = stats(samples, size, Variant.SHELL, Sample::wallMs);
            md.append("| ").append(size).append(" | downtime | × bare | end to end | × bare | × shell | stop / "
                    + "copy+dump / start (ms, medians) |\n|---|---|---|---|---|---|---|\n");
            for (String variant : Variant.SNAPSHOT) {
                Stats down = stats(samples, size, variant, Sample::downtimeMs);
                Stats wall = stats(samples, size, variant, Sample::wallMs);
                md.append("| ").append(variant).append(" | ").append(down.seconds()).append(" | ")
                        .append(ratio(down, bareDown)).append(" | ").append(wall.seconds()).append(" | ")
                        .append(ratio(wall, bareWall)).append(" | ").append(ratio(wall, shellWall)).append(" | ")
                        .append(stats(samples, size, variant, s -> s.extra("stopMs")).median()).append(" / ")
                        .append(stats(samples, size, variant, s -> s.extra("dumpMs")).median()).append(" / ")
                        .append(stats(samples, size, variant, s -> s.extra("startMs")).median()).append(" |\n");
            }
            md.append('\n');
        }
        Files.createDirectories(options.output().toAbsolutePath().getParent());
        Files.writeString(options.output(), md.toString());
    }

    private static Stats stats(List<Sample> samples, String size, String variant, ToLongFunction<Sample> value) {
        return Stats.of(samples.stream().filter(s -> s.size().equals(size) && s.variant().equals(variant))
                .map(s -> value.applyAsLong(s)).toList());
    }

    private static String ratio(Stats a, Stats b) {
        return a.present() && b.present() && b.median() > 0
                ? String.format(Locale.ROOT, "%.2f", (double) a.median() / b.median()) : "–";
    }
}
