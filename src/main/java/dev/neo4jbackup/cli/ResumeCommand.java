package dev.neo4jbackup.cli;

import java.util.concurrent.Callable;

import dev.neo4jbackup.schedule.PauseControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "resume", description = "Resume scheduled backups after a pause; the failure count starts from zero.",
        footer = { "", "Example:", "  neo4j-backup resume" })
class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean changed = cli.context().bean(PauseControl.class).resume("cli");
        spec.commandLine().getOut().println(changed ? "RESUMED: scheduled backups run again" : "Not paused.");
        return Cli.OK;
    }
}
