package dev.neo4jbackup.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * The public Neo4j dumps in ../shared/datasets, for tests only. They are never copied into the
 * project; a test that needs one is skipped where ../shared is absent.
 */
public final class Datasets {

    public static final long STACKOVERFLOW_NODES = 6_193;
    public static final long STACKOVERFLOW_RELATIONSHIPS = 11_540;

    private Datasets() {
    }

    public static Path stackoverflow() {
        return require("stackoverflow-50.dump");
    }

    public static Path northwind() {
        return require("northwind-50.dump");
    }

    static Path require(String file) {
        Path shared = Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath().normalize();
        Path dump = shared.resolve("datasets").resolve(file);
        Assumptions.assumeTrue(Files.isReadable(dump), "dataset " + dump + " not present: skipped");
        return dump;
    }
}
