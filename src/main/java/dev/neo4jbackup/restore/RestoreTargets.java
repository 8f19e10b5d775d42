package dev.neo4jbackup.restore;

import java.util.LinkedHashMap;
import java.util.Map;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.neo4j.Quiescer;

/**
 * The primary (the service's own wiring) and the instances of {@code backup.restore.targets}, built on
 * first use; their Bolt drivers are closed with this object.
 */
public class RestoreTargets implements AutoCloseable {

    private final RestoreTarget primary;
    private final BackupProperties properties;
    private final ProcessRunner processes;
    private final Map<String, RestoreTarget> built = new LinkedHashMap<>();

    public RestoreTargets(RestoreTarget primary, BackupProperties properties, ProcessRunner processes) {
        this.primary = primary;
        this.properties = properties;
        this.processes = processes;
    }

    /** The primary for null or {@code primary}; BACKUP_NOT_FOUND-like CONFIG_INVALID for an unknown name. */
    public synchronized RestoreTarget get(String name) {
        if (RestoreRequest.isPrimary(name)) {
            return primary;
        }
        RestoreTarget target = built.get(name);
        if (target != null) {
            return target;
        }
        BackupProperties.Target config = properties.restore().targets().get(name);
        if (config == null) {
            throw new BackupFailure(ErrorCode.CONFIG_INVALID, "No restore target named '" + name + "'"
                    + (properties.restore().targets().isEmpty() ? " (none configured)"
                            : " (configured: " + String.join(", ", properties.restore().targets().keySet()) + ")"),
                    null, "Describe it under backup.restore.targets." + name + " (home, uri, password, stop-mode)",
                    null);
        }
        Neo4jInstallation installation = new Neo4jInstallation(config.home(), config.confDir(), config.dataPath());
        Quiescer quiescer = Neo4jConfiguration.quiescerFor(config, installation, processes, properties.neo4j());
        Driver driver = GraphDatabase.driver(config.uri(), AuthTokens.basic(config.username(),
                config.password() == null ? "" : config.password()));
        target = new RestoreTarget(name, false, new Neo4jAdmin(installation, processes), quiescer, driver);
        built.put(name, target);
        return target;
    }

    @Override
    public synchronized void close() {
        built.values().forEach(t -> t.driver().close());
        built.clear();
    }
}
