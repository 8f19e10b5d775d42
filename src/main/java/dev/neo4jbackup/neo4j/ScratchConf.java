package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The conf folder of a scratch Neo4j: written whole (not the operator's neo4j.conf, whose ports, addresses and
 * memory are the production server's), so that it can never clash with the running Neo4j: Bolt alone on a loopback
 * port of its own, HTTP and HTTPS off, auth off (it answers only this service, on 127.0.0.1), small heap and page
 * cache, its data root the snapshot, its logs and pid file in its work folder. Each key once: Neo4j refuses a
 * setting declared twice.
 */
final class ScratchConf {

    private ScratchConf() {
    }

    /** Writes {@code workDir/conf/neo4j.conf} and makes the logs and run folders; returns the conf folder. */
    static Path write(Path workDir, Path dataDir, int boltPort, ScratchNeo4j.Settings settings) {
        try {
            Path conf = workDir.resolve("conf");
            for (String folder : List.of("conf", "logs", "run")) {
                Files.createDirectories(workDir.resolve(folder));
            }
            StringBuilder text = new StringBuilder("# A scratch Neo4j of neo4j-backup: it recovers a snapshot, then"
                    + " stops\n");
            line(text, "server.default_listen_address", "127.0.0.1");
            line(text, "server.default_advertised_address", "127.0.0.1");
            line(text, "server.bolt.enabled", "true");
            line(text, "server.bolt.listen_address", "127.0.0.1:" + boltPort);
            line(text, "server.bolt.advertised_address", "127.0.0.1:" + boltPort);
            line(text, "server.http.enabled", "false");
            line(text, "server.https.enabled", "false");
            line(text, "dbms.security.auth_enabled", "false");
            line(text, "dbms.usage_report.enabled", "false");
            line(text, "server.memory.heap.initial_size", settings.heap());
            line(text, "server.memory.heap.max_size", settings.heap());
            line(text, "server.memory.pagecache.size", settings.pageCache());
            // the snapshot's volume is Neo4j's own: no 250 MB log files written ahead
            line(text, "db.tx_log.preallocate", "false");
            line(text, "server.directories.data", dataDir.toAbsolutePath().toString());
            line(text, "server.directories.transaction.logs.root", dataDir.toAbsolutePath().resolve("transactions")
                    .toString());
            line(text, "server.directories.logs", workDir.toAbsolutePath().resolve("logs").toString());
            line(text, "server.directories.run", workDir.toAbsolutePath().resolve("run").toString());
            for (String option : settings.jvmOptions()) {
                line(text, "server.jvm.additional", option);
            }
            Files.writeString(conf.resolve("neo4j.conf"), text);
            return conf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(StringBuilder text, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line break in the value of " + key);
        }
        text.append(key).append('=').append(value).append('\n');
    }
}
