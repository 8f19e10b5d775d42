package dev.neo4jbackup;

import org.springframework.boot.SpringApplication;

import dev.neo4jbackup.cli.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class Neo4jBackupApplication {

    /** A command (create, list, ...) runs the CLI and exits with its code; otherwise the service runs. */
    public static void main(String[] args) {
        if (Cli.isCommand(args)) {
            System.exit(Cli.execute(args));
        }
        SpringApplication.run(Neo4jBackupApplication.class, Cli.serviceArgs(args));
    }
}
