package dev.neo4jbackup.testing;

import dev.neo4jbackup.sandbox.SampleGraph;

/**
 * One started server with the sample graph, shared by every test class of the JVM that only needs a
 * running Neo4j (and leaves it running): starting Neo4j costs ~10 s. Stopped when the JVM ends.
 */
public final class SharedNeo4j {

    private static Neo4jServer server;

    private SharedNeo4j() {
    }

    public static synchronized Neo4jServer get() {
        if (server == null) {
            Neo4jServer started = Neo4jServer.start("shared");
            SampleGraph.create(started.driver());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-neo4j-stop"));
            server = started;
        }
        if (!server.answers()) {
            server.start();
        }
        return server;
    }
}
