package dev.neo4jbackup.neo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.neo4j.driver.Driver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.ConfigInvalidException;
import dev.neo4jbackup.config.OffsiteProperties;

/** The Neo4j side: the installation, neo4j-admin, the child processes, Bolt and the stop mode. */
@Configuration(proxyBeanMethods = false)
public class Neo4jConfiguration {

    @Bean
    Neo4jInstallation neo4jInstallation(BackupProperties properties) {
        BackupProperties.Neo4j neo4j = properties.neo4j();
        if (neo4j.home() == null) {
            throw new ConfigInvalidException("backup.neo4j.home", "", "no Neo4j installation configured",
                    "set NEO4J_HOME to the Neo4j home that has bin/neo4j-admin (e.g. /var/lib/neo4j)");
        }
        return new Neo4jInstallation(neo4j.home(), neo4j.confDir(), neo4j.dataPath());
    }

    /** Every child process of the service is started here, without the service's secrets in its environment. */
    @Bean
    ProcessRunner processRunner(BackupProperties properties, OffsiteProperties offsite, Environment environment) {
        return new ProcessRunner(ChildEnvironment.without(secrets(properties, offsite, environment)));
    }

    /** The secrets the service was configured with, however they were given (property, variable, file). */
    static List<String> secrets(BackupProperties properties, OffsiteProperties offsite, Environment environment) {
        List<String> secrets = new ArrayList<>();
        for (String name : List.of("backup.api.password", "backup.api.viewer-password",
                "spring.neo4j.authentication.password", "spring.mail.password")) {
            secrets.add(environment.getProperty(name));
        }
        if (properties.restore() != null && properties.restore().targets() != null) {
            properties.restore().targets().values().forEach(t -> secrets.add(t.password()));
        }
        // webhook and ping URLs carry their token in the path, the query or the user info: no child (a hook)
        // inherits them, whole or the token alone
        if (properties.notifications() != null) {
            properties.notifications().webhooks().values().forEach(w -> secrets.addAll(ChildEnvironment.urlSecrets(
                    w.url())));
            secrets.addAll(ChildEnvironment.urlSecrets(properties.notifications().ping().url()));
        }
        // an object store's secret key (backup.destinations.<name>.secret-access-key)
        if (offsite != null && offsite.destinations() != null) {
            offsite.destinations().values().forEach(d -> secrets.add(d.secretAccessKey()));
        }
        return secrets;
    }

    /** The installation at first use: the CLI's commands that run no neo4j-admin need no NEO4J_HOME. */
    @Bean
    Neo4jAdmin neo4jAdmin(ObjectProvider<Neo4jInstallation> installation, ProcessRunner runner) {
        return new Neo4jAdmin(installation::getObject, runner);
    }

    @Bean
    GraphStatsReader graphStatsReader(Driver driver) {
        return new GraphStatsReader(driver);
    }

    @Bean
    BoltProbe boltProbe(Driver driver) {
        return new BoltProbe(driver);
    }

    @Bean
    Quiescer quiescer(BackupProperties properties, Neo4jInstallation installation, ProcessRunner runner,
            Driver driver) {
        return quiescerFor(properties, installation, runner, driver);
    }

    /**
     * The stop mode of a restore target: none or command (its configuration refuses the others). The one
     * other place a stop mode is chosen is {@link #quiescerFor(BackupProperties, Neo4jInstallation,
     * ProcessRunner, Driver)}, for the Neo4j the service backs up.
     */
    public static Quiescer quiescerFor(BackupProperties.Target target, Neo4jInstallation installation,
            ProcessRunner runner, BackupProperties.Neo4j timeouts) {
        return switch (target.stopMode()) {
            case NONE -> new NoStop();
            case COMMAND -> new CommandStop(target.stopCommand(), target.startCommand(), installation, runner,
                    timeouts.stopTimeout(), timeouts.startTimeout());
            case DOCKER, DATABASE -> throw new ConfigInvalidException("backup.restore.targets.<name>.stop-mode",
                    target.stopMode().name().toLowerCase(Locale.ROOT), "not available in this version yet",
                    "use command or none");
        };
    }

    /** The stop mode's implementation; a static method so that tests build exactly what the service runs. */
    public static Quiescer quiescerFor(BackupProperties properties, Neo4jInstallation installation,
            ProcessRunner runner, Driver driver) {
        BackupProperties.Neo4j neo4j = properties.neo4j();
        return switch (neo4j.stopMode()) {
            case NONE -> new NoStop();
            case COMMAND -> new CommandStop(neo4j.stopCommand(), neo4j.startCommand(), installation, runner,
                    neo4j.stopTimeout(), neo4j.startTimeout());
            case DOCKER -> new DockerStop(neo4j.docker().container() != null
                    ? DockerTarget.named(neo4j.docker().container()) : DockerTarget.labelled(neo4j.docker().label()),
                    neo4j.docker().host(), neo4j.stopTimeout());
            case DATABASE -> {
                if (properties.databases().contains("system")) {
                    throw new ConfigInvalidException("backup.databases", String.join(",", properties.databases()),
                            "stop mode database cannot stop the system database (it is the DBMS itself)",
                            "back up system with stop mode command or docker, or leave it out of BACKUP_DATABASES");
                }
                yield new DatabaseStop(driver, properties.databases(), neo4j.stopTimeout(), neo4j.startTimeout());
            }
        };
    }
}
