package dev.neo4jbackup.cli;

import java.io.PrintWriter;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.restore.BackupValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Prove a backup usable: checksum, archive read to the end, checksum file, "
        + "dump header; with --deep Neo4j's consistency checker. A pass is recorded in the manifest (VALIDATED), a "
        + "checksum mismatch too (CORRUPTED). Holds the storage lock: refused (BACKUP_LOCKED) while a backup, restore "
        + "or other validation runs.",
        footer = { "", "Examples:", "  neo4j-backup validate neo4j-20261125-020000",
                "  neo4j-backup validate neo4j-20261125-020000 --deep" })
class ValidateCommand extends CliCommand {

    @Parameters(paramLabel = "<id>", description = "A backup id: <database>-<yyyyMMdd-HHmmss>.")
    BackupId id;

    @Option(names = "--deep", description = "Also run neo4j-admin database check on the dump (slower).")
    boolean deep;

    @Override
    public Integer call() {
        PrintWriter out = out();
        BackupValidator.Validation validation = bean(BackupValidator.class).validate(id.toString(), deep);
        out.println("VALIDATED: " + id + " (" + validation.manifest().validation() + ", "
                + Durations.seconds(validation.took()) + " s)");
        for (String check : validation.checks()) {
            out.println("  " + check);
        }
        return Cli.OK;
    }
}
