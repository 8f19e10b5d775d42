package dev.neo4jbackup.cli;


import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.neo4jbackup.schedule.PauseControl;

@Command(name = "pause", description = "Stop scheduled backups until 'resume' (a running service sees it at its "
        + "next tick, within 15 s).", footer = { "", "Example:", "  neo4j-backup pause --reason \"storage migration\"" })
class PauseCommand extends CliCommand {

    @Option(names = "--reason", defaultValue = "paused by an operator", description = "Shown in status and alerts.")
    String reason;

    @Override
    public Integer call() {
        boolean changed = bean(PauseControl.class).pause("cli", reason);
        out().println(changed ? "PAUSED: scheduled backups stop until 'neo4j-backup resume'"
                : "Already paused.");
        return Cli.OK;
    }
}
