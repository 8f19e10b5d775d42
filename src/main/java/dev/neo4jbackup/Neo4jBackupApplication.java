package dev.neo4jbackup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class Neo4jBackupApplication {

    public static void main(String[] args) {
        SpringApplication.run(Neo4jBackupApplication.class, args);
    }
}
