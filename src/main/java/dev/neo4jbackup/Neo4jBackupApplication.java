package dev.neo4jbackup;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import dev.neo4jbackup.cli.Cli;
import dev.neo4jbackup.config.ConfigInvalidException;

@SpringBootApplication
@ConfigurationPropertiesScan
public class Neo4jBackupApplication {

    /** The one clock of the service; here because every package reads it and none owns it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

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
