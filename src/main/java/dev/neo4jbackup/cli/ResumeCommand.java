package dev.neo4jbackup.cli;


import picocli.CommandLine.Command;

import dev.neo4jbackup.schedule.PauseControl;

@Command(name = "resume", description = "Resume scheduled backups after a pause; the failure count starts from zero.",
        footer = { "", "Example:", "  neo4j-backup resume" })
class ResumeCommand extends CliCommand {

    @Override
    public Integer call() {
        boolean changed = bean(PauseControl.class).resume("cli");
        out().println(changed ? "RESUMED: scheduled backups run again" : "Not paused.");
        return Cli.OK;
    }
}
