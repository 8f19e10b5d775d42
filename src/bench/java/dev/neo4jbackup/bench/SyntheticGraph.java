package dev.neo4jbackup.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.neo4jbackup.testing.Neo4jServer;

/**
 * A synthetic graph of a given size written as CSV and loaded with {@code neo4j-admin database import
 * full}: the only way to make millions of nodes in seconds. Seeded, so every run builds the same store.
 * 90 % Person and 10 % Company nodes; KNOWS between people, WORKS_AT from a person to a company.
 */
final class SyntheticGraph {

    final String size;
    final long nodes;
    final long relationships;

    SyntheticGraph(String size, long nodes, long relationships) {
        this.size = size;
        this.nodes = nodes;
        this.relationships = relationships;
    }

    static SyntheticGraph of(String size) {
        switch (size) {
            // XS: CI's smoke run, one row per code path (Variant.SMOKE_*) on a store whose stops and starts cost what S's do
            case "XS": return new SyntheticGraph("XS", 10_000, 30_000);
            case "S": return new SyntheticGraph("S", 100_000, 300_000);
            case "M": return new SyntheticGraph("M", 1_000_000, 3_000_000);
            case "L": return new SyntheticGraph("L", 5_000_000, 15_000_000);
            default: throw new IllegalArgumentException("Unknown size '" + size + "': use XS, S, M or L");
        }
    }

    long companies() {
        return nodes / 10;
    }

    /** What the health checks expect to count after a load. */
    Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("nodes", nodes);
        counts.put("relationships", relationships);
        counts.put("Company", companies());
        counts.put("Person", nodes - companies());
        return counts;
    }

    /** Writes the CSV into {@code dir} and imports it into the (stopped) server's neo4j database. */
    void importInto(Neo4jServer server, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path people = dir.resolve("nodes.csv");
        Path rels = dir.resolve("relationships.csv");
        writeNodes(people);
        writeRelationships(rels);
        server.admin("database", "import", "full", "neo4j", "--overwrite-destination=true",
                "--nodes=" + people, "--relationships=" + rels).requireOk("neo4j-admin database import");
        Files.delete(people);
        Files.delete(rels);
    }

    private void writeNodes(Path file) throws IOException {
        long companies = companies();
        SplittableRandom random = new SplittableRandom(42);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("id:ID,name,score:int,since:long,:LABEL\n");
            for (long i = 0; i < nodes; i++) {
                boolean company = i < companies;
                out.write(Long.toString(i));
                out.write(company ? ",company-" : ",person-");
                out.write(Long.toString(i));
                out.write(',');
                out.write(Integer.toString(random.nextInt(1000)));
                out.write(',');
                out.write(Long.toString(1_500_000_000_000L + random.nextLong(300_000_000_000L)));
                out.write(company ? ",Company\n" : ",Person\n");
            }
        }
    }

    private void writeRelationships(Path file) throws IOException {
        long companies = companies();
        long people = nodes - companies;
        SplittableRandom random = new SplittableRandom(7);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(":START_ID,:END_ID,:TYPE,weight:int\n");
            for (long i = 0; i < relationships; i++) {
                long from = companies + random.nextLong(people);
                boolean works = i % 3 == 0;
                long to = works ? random.nextLong(companies) : companies + random.nextLong(people);
                out.write(Long.toString(from));
                out.write(',');
                out.write(Long.toString(to));
                out.write(works ? ",WORKS_AT," : ",KNOWS,");
                out.write(Integer.toString(random.nextInt(100)));
                out.write('\n');
            }
        }
    }
}
