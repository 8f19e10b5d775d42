package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The rows of issue 29's graph of large properties ({@link LargePropertiesGraph}), on a server of their own: per
 * repetition our logical export, then its restore clear-first, then (a tenth deleted) by merge, each in a worker
 * JVM bounded to the service's documented heap whatever {@code -Dbench.worker-jvm} says, and ended by an
 * OutOfMemoryError rather than slowed by it. The graph does not scale with the sizes: a full run adds these rows
 * once, at M; {@code -Dbench.only=large-properties} runs them alone (minutes). Never at XS: CI's smoke run does not
 * pay for a 590 MB store.
 */
final class LargePropertiesRows {

    /** The samples' size column: a report section of its own, apart from the synthetic sizes. */
    static final String SIZE = "LP";
    static final List<String> WORKER_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final WorkerLauncher workers = new WorkerLauncher(WORKER_JVM);
    private final LargePropertiesGraph graph = new LargePropertiesGraph();
    private final int reps;
    private final Consumer<Sample> add;

    LargePropertiesRows(int reps, Consumer<Sample> add) {
        this.reps = reps;
        this.add = add;
    }

    /** -Dbench.only=large-properties: these rows alone. */
    static boolean only() {
        return "large-properties".equals(System.getProperty("bench.only", "").trim());
    }

    void run(Path dir) throws IOException {
        Benchmark.log("%s: generating %,d nodes (%,d × %,d doubles, %d × %,d chars) / %,d relationships", SIZE,
                graph.nodes(), LargePropertiesGraph.EMBEDDINGS, LargePropertiesGraph.DIMENSIONS,
                LargePropertiesGraph.TEXTS, LargePropertiesGraph.TEXT_CHARS, graph.relationships());
        try (Neo4jServer server = Neo4jServer.create("bench-large-properties")) {
            graph.importInto(server, dir.resolve("csv"));
            server.start();
            LargePropertiesGraph.createConstraints(server);
            int batch = Integer.getInteger("bench.logical.batch-size", 5000);
            for (int rep = 1; rep <= reps; rep++) {
                Path repDir = dir.resolve("rep-" + rep);
                Path storage = repDir.resolve("logical");
                add.accept(row(Variant.LARGE_EXPORT, rep, repDir, "logical-export", "gzip", storage.toString(),
                        server.boltUri(), server.neo4jHome().toString(), server.confDir().toString()));
                String archive = Benchmark.only(storage, ".jsonl.gz").toString();
                for (String mode : new String[] {"clear-first", "merge"}) {
                    add.accept(row(mode.equals("merge") ? Variant.LARGE_MERGE : Variant.LARGE_CLEAR_FIRST, rep,
                            repDir, "large-restore", mode, archive, repDir.resolve("import-work").toString(),
                            server.boltUri(), Integer.toString(batch)));
                }
                BackupCatalog.deleteQuietly(repDir);
            }
        } finally {
            BackupCatalog.deleteQuietly(dir);
        }
    }

    private Sample row(String variant, int rep, Path repDir, String... args) throws IOException {
        Benchmark.log("%s rep %d: %s", SIZE, rep, variant);
        return workers.run(SIZE, variant, rep, repDir.resolve("logs/" + args[0] + "-" + args[1] + ".log"), args);
    }

    /** What the report's notes say of these rows. */
    static List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add(SIZE + ": the graph of large properties (issue 29), made with `neo4j-admin database import full`; "
                + "worker JVMs " + String.join(" ", WORKER_JVM));
        return notes;
    }
}
