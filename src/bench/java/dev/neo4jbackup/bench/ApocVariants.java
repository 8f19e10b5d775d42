package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.neo4j.driver.Record;

import dev.neo4jbackup.testing.ApocNeo4j;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The APOC rows of the logical backup's comparison (issue 15, point 10): {@code apoc.export.json.all} to a file
 * (JSON lines, APOC's default) and {@code apoc.import.json} of that file into the emptied database (with the
 * unique constraints on its id property that it insists on, made beforehand), on a server
 * of their own with APOC core in its plugins ({@link ApocNeo4j}) holding the same synthetic graph as the dump
 * rows. APOC runs inside the server, so there is no heap of ours to measure (-1) and Neo4j is never down (0).
 * Each sample carries {@code entitiesPerSecond} and the entity counts in its extras; the export's stored bytes
 * are the file's. Our own export and import rows go next to these.
 */
final class ApocVariants {

    static final String FILE = "apoc-bench.json";

    private final Neo4jServer server;
    private final SyntheticGraph graph;

    ApocVariants(Neo4jServer server, SyntheticGraph graph) {
        this.server = server;
        this.graph = graph;
    }

    Sample exportJsonAll(int rep) throws IOException {
        Path file = ApocNeo4j.importDir(server).resolve(FILE);
        Files.deleteIfExists(file);
        Stopwatch clock = new Stopwatch();
        Record row = server.run("CALL apoc.export.json.all($file, {jsonFormat: 'JSON_LINES'}) "
                + "YIELD nodes, relationships RETURN nodes, relationships", Map.of("file", FILE)).get(0);
        long ms = clock.ms();
        return sample(Variant.APOC_EXPORT, rep, ms, Files.size(file), row);
    }

    /** Imports the export of the same repetition into the emptied database; the emptying is not measured. */
    Sample importJson(int rep) throws IOException {
        Path file = ApocNeo4j.importDir(server).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + FILE + ": the export of rep " + rep + " must run first");
        }
        empty();
        ApocNeo4j.importConstraints(server, java.util.List.of("Person", "Company"));
        Stopwatch clock = new Stopwatch();
        Record row = server.run("CALL apoc.import.json($file) YIELD nodes, relationships "
                + "RETURN nodes, relationships", Map.of("file", FILE)).get(0);
        long ms = clock.ms();
        // the import keeps the exported id in a property: removed, so that the next export is of the same graph
        ApocNeo4j.dropImportConstraints(server);
        server.run("MATCH (n) CALL { WITH n REMOVE n.neo4jImportId } IN TRANSACTIONS OF 10000 ROWS");
        long nodes = server.count("MATCH (n) RETURN count(n)");
        long relationships = server.count("MATCH ()-[r]->() RETURN count(r)");
        if (nodes != graph.nodes || relationships != graph.relationships) {
            throw new IllegalStateException("apoc.import.json restored " + nodes + " nodes / " + relationships
                    + " relationships, expected " + graph.nodes + " / " + graph.relationships);
        }
        return sample(Variant.APOC_IMPORT, rep, ms, Files.size(file), row);
    }

    private void empty() {
        server.run("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS");
        server.run("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS");
    }

    private Sample sample(String variant, int rep, long ms, long bytes, Record row) {
        long nodes = row.get("nodes").asLong();
        long relationships = row.get("relationships").asLong();
        if (nodes != graph.nodes || relationships != graph.relationships) {
            throw new IllegalStateException(variant + " counted " + nodes + " nodes / " + relationships
                    + " relationships, expected " + graph.nodes + " / " + graph.relationships);
        }
        Map<String, Long> extra = new LinkedHashMap<>();
        extra.put("nodes", nodes);
        extra.put("relationships", relationships);
        extra.put("entitiesPerSecond", ms == 0 ? -1 : (nodes + relationships) * 1000 / ms);
        return new Sample(graph.size, variant, rep, ms, 0, bytes, bytes, -1, -1, extra);
    }
}
