package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test {@link Neo4jServer} with APOC core in its {@code plugins/} (the jars the build copies into
 * {@code target/apoc-plugins}: {@code org.neo4j.procedure:apoc-core} 5.26.x and the two libraries it needs beyond
 * Neo4j's own), file export and import on in its {@code apoc.conf}, for the interoperability tests and the
 * benchmark's APOC rows. APOC never runs in the service: only inside such a test server. Files that
 * {@code apoc.export.json.all} writes and {@code apoc.import.json} reads are relative to {@link #importDir}.
 */
public final class ApocNeo4j {

    /** Where the build put the jars; the benchmark runs from the project folder, so the default is relative. */
    public static Path plugins() {
        return Path.of(System.getProperty("apoc.plugins", "target/apoc-plugins")).toAbsolutePath();
    }

    /** Whether the jars are there (a build that ran process-test-resources); tests skip, saying why, if not. */
    public static boolean available() {
        return !jars().isEmpty();
    }

    public static String unavailableReason() {
        return "APOC core not found in " + plugins() + " (the build copies it there in process-test-resources)";
    }

    private ApocNeo4j() {
    }

    /** A started, empty server with APOC core. */
    public static Neo4jServer start(String name) {
        Neo4jServer server = create(name);
        server.start();
        return server;
    }

    /** The same, not started yet (e.g. to load a dump first). */
    public static Neo4jServer create(String name) {
        List<Path> jars = jars();
        if (jars.isEmpty()) {
            throw new IllegalStateException(unavailableReason());
        }
        Neo4jServer server = Neo4jServer.create(name);
        try {
            Path plugins = server.dir().resolve("plugins");
            for (Path jar : jars) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
            // APOC's export and import read the store below the procedure API: they must be unrestricted
            Files.writeString(server.confDir().resolve("neo4j.conf"), "dbms.security.procedures.unrestricted=apoc.*\n"
                    + "dbms.security.procedures.allowlist=apoc.*\n", StandardOpenOption.APPEND);
            Files.writeString(server.confDir().resolve("apoc.conf"),
                    "apoc.export.file.enabled=true\napoc.import.file.enabled=true\n"
                            + "apoc.import.file.use_neo4j_config=true\n");
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        return server;
    }

    /** The server's import folder: APOC's file names are relative to it. */
    public static Path importDir(Neo4jServer server) {
        return server.dir().resolve("import");
    }

    /**
     * {@code apoc.import.json} refuses to run without a unique constraint on its id property
     * ({@code neo4jImportId}) for every label it will create: made here (on an empty database, instantly).
     */
    public static void importConstraints(Neo4jServer server, List<String> labels) {
        for (String label : labels) {
            server.run("CREATE CONSTRAINT IF NOT EXISTS FOR (n:`" + label.replace("`", "``") + "`) "
                    + "REQUIRE n.neo4jImportId IS UNIQUE");
        }
    }

    /** Drops them again, so that the schema counts are the graph's own. */
    public static void dropImportConstraints(Neo4jServer server) {
        for (var row : server.run("SHOW CONSTRAINTS YIELD name, properties WHERE properties = ['neo4jImportId'] "
                + "RETURN name")) {
            server.run("DROP CONSTRAINT `" + row.get("name").asString().replace("`", "``") + "`");
        }
    }

    private static List<Path> jars() {
        Path dir = plugins();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            return jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("apoc-core-")) ? jars
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
