package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Neo4j installation on this machine: its home (bin/neo4j-admin), its conf folder, and its data
 * folder when that is not where the configuration says (a sidecar that mounts the data volume).
 */
public record Neo4jInstallation(Path home, Path confDir, Path dataPath) {

    public Neo4jInstallation {
        home = home.toAbsolutePath().normalize();
        confDir = confDir == null ? null : confDir.toAbsolutePath().normalize();
        dataPath = dataPath == null ? null : normalizeDataPath(dataPath.toAbsolutePath().normalize());
    }

    /** Operators often give the database folder (/data/databases/neo4j); neo4j-admin wants the data root (/data). */
    static Path normalizeDataPath(Path path) {
        Path parent = path.getParent();
        if (parent != null && parent.getFileName() != null && "databases".equals(parent.getFileName().toString())
                && parent.getParent() != null) {
            return parent.getParent();
        }
        return path;
    }

    public Path adminCommand() {
        return home.resolve("bin").resolve("neo4j-admin");
    }

    public boolean hasAdminCommand() {
        return Files.isExecutable(adminCommand());
    }

    public Path effectiveConfDir() {
        return confDir != null ? confDir : home.resolve("conf");
    }

    /** The environment every Neo4j command of ours runs with. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NEO4J_HOME", home.toString());
        env.put("NEO4J_CONF", effectiveConfDir().toString());
        return env;
    }

    /** The data root: NEO4J_DATA_PATH, else server.directories.data of neo4j.conf, else home/data. */
    public Path dataDirectory() {
        if (dataPath != null) {
            return dataPath;
        }
        return confSetting("server.directories.data")
                .map(value -> {
                    Path p = Path.of(value);
                    return p.isAbsolute() ? p : home.resolve(p);
                })
                .orElse(home.resolve("data"));
    }

    public Path databaseDirectory(String database) {
        return dataDirectory().resolve("databases").resolve(database);
    }

    /**
     * A database's transaction-log folder: server.directories.transaction.logs.root of neo4j.conf (relative to
     * the data root), else data/transactions; with NEO4J_DATA_PATH always under that data root.
     */
    public Path transactionsDirectory(String database) {
        Path root = dataPath != null ? dataPath.resolve("transactions")
                : confSetting("server.directories.transaction.logs.root").map(value -> {
                    Path p = Path.of(value);
                    return p.isAbsolute() ? p : dataDirectory().resolve(p);
                }).orElse(dataDirectory().resolve("transactions"));
        return root.resolve(database);
    }

    public Optional<String> confSetting(String key) {
        Path conf = effectiveConfDir().resolve("neo4j.conf");
        if (!Files.isReadable(conf)) {
            return Optional.empty();
        }
        try {
            String value = null;
            for (String line : Files.readAllLines(conf)) {
                String trimmed = line.strip();
                if (trimmed.startsWith(key + "=")) {
                    value = trimmed.substring(key.length() + 1).strip();
                }
            }
            return Optional.ofNullable(value);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Bytes of a database's store on disk (the first-run space estimate); empty when unreadable. */
    public Optional<Long> storeSize(String database) {
        return folderSize(databaseDirectory(database));
    }

    /** Bytes of the store plus its transaction logs: what a snapshot copy takes. */
    public long snapshotSize(String database) {
        return storeSize(database).orElse(0L) + folderSize(transactionsDirectory(database)).orElse(0L);
    }

    private static Optional<Long> folderSize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var walk = Files.walk(dir)) {
            return Optional.of(walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0L;
                }
            }).sum());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
