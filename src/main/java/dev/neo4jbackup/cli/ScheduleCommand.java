package dev.neo4jbackup.cli;

import picocli.CommandLine.Command;

/** Documents service mode in the help; {@link dev.neo4jbackup.Neo4jBackupApplication#main} runs it. */
@Command(name = "schedule", description = "Run the service: backups on the schedule, retries, alerts, health and "
        + "metrics over HTTP (also what no command does).",
        footer = { "", "Example:", "  neo4j-backup schedule --server.port=8080" })
class ScheduleCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalStateException("service mode is started by Neo4jBackupApplication.main");
    }
}
