package dev.neo4jbackup.cli;

import java.util.concurrent.Callable;

import dev.neo4jbackup.schedule.PauseControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "pause", description = "Stop scheduled backups until 'resume' (a running service sees it at its "
        + "next tick, within 15 s).", footer = { "", "Example:", "  neo4j-backup pause --reason \"storage migration\"" })
class PauseCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--reason", defaultValue = "paused by an operator", description = "Shown in status and alerts.")
    String reason;

    @Override
    public Integer call() {
        boolean changed = cli.context().bean(PauseControl.class).pause("cli", reason);
        spec.commandLine().getOut().println(changed ? "PAUSED: scheduled backups stop until 'neo4j-backup resume'"
                : "Already paused.");
        return Cli.OK;
    }
}
