package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A conf folder for a Neo4j that runs from a shared home with its own data, logs and run folders
 * and its own Bolt port: the sandbox, the tests and the benchmark each start one.
 */
public final class LocalNeo4jConf {

    private static final List<String> FOLDERS = List.of("data", "logs", "run", "plugins", "import");

    private LocalNeo4jConf() {
    }

    /** Writes {@code dir/conf/neo4j.conf} from the home's template; returns the conf folder. */
    public static Path write(Path home, Path dir, int boltPort) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        StringBuilder settings = new StringBuilder(Files.readString(home.resolve("conf/neo4j.conf"))
                .replace("127.0.0.1:7687", "127.0.0.1:" + boltPort));
        for (String folder : FOLDERS) {
            Path path = dir.resolve(folder).toAbsolutePath();
            Files.createDirectories(path);
            settings.append("\nserver.directories.").append(folder).append('=').append(path);
        }
        Files.writeString(conf.resolve("neo4j.conf"), settings.append('\n').toString());
        return conf;
    }

    /**
     * The same, for a Neo4j that lives for seconds to hours and holds small graphs (tests, the sandbox):
     * C1 only, which takes its start from ~12 s to ~7 s on two cores. Not for the benchmark's servers.
     */
    public static Path writeFastStart(Path home, Path dir, int boltPort) throws IOException {
        Path conf = write(home, dir, boltPort);
        Files.writeString(conf.resolve("neo4j.conf"), "server.jvm.additional=-XX:TieredStopAtLevel=1\n",
                StandardOpenOption.APPEND);
        return conf;
    }
}
