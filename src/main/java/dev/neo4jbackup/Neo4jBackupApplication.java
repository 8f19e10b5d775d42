package dev.neo4jbackup;

import org.springframework.boot.SpringApplication;

import dev.neo4jbackup.cli.Cli;
import dev.neo4jbackup.config.ConfigInvalidException;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class Neo4jBackupApplication {

    /**
     * A command word (create, list, ..., or a mistyped one: a usage error) runs the CLI and exits with its
     * code; no command, or {@code schedule}, runs the service.
     */
    public static void main(String[] args) {
        if (Cli.isCommand(args)) {
            System.exit(Cli.execute(args));
        }
        String[] serviceArgs;
        try {
            serviceArgs = Cli.serviceArgs(args);
        } catch (ConfigInvalidException e) {
            System.err.println(e.getMessage());
            System.exit(Cli.FAILED);
            return;
        }
        SpringApplication.run(Neo4jBackupApplication.class, serviceArgs);
    }
}
