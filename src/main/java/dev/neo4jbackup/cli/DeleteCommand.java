package dev.neo4jbackup.cli;

import java.io.Console;
import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

@Command(name = "delete", description = "Delete one backup: archive, checksum file and manifest together.",
        footer = { "", "Examples:", "  neo4j-backup delete neo4j-20261120-020000        # asks for confirmation",
                "  neo4j-backup delete neo4j-20261120-020000 --yes  # scripts and cron" })
class DeleteCommand extends CliCommand {

    @Parameters(paramLabel = "<id>", description = "A backup id: <database>-<yyyyMMdd-HHmmss>.")
    BackupId id;

    @Option(names = { "-y", "--yes" }, description = "Do not ask; required without a terminal.")
    boolean yes;

    @Option(names = "--force", description = "Also delete the only backup of a database.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = out();
        BackupCatalog catalog = bean(BackupCatalog.class);
        CatalogEntry entry = catalog.entry(id).orElseThrow(() -> new BackupFailure(ErrorCode.BACKUP_NOT_FOUND,
                "No backup with id " + id + " in " + catalog.root()));
        if (!entry.valid() && !force) {
            throw catalog.invalid(entry); // an INVALID entry goes only with an explicit --force
        }
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                throw new BackupFailure(ErrorCode.CONFIRMATION_REQUIRED, "Not deleting " + id
                        + ": no terminal to confirm on", null, "Pass --yes to delete without confirmation", null);
            }
            String answer = entry.valid() ? console.readLine("Delete %s (%s, %s)? [y/N] ", id,
                    Format.size(entry.manifest().storedBytes()), Format.time(entry.manifest().created()))
                    : console.readLine("Delete the files of the INVALID entry %s (%s)? [y/N] ", id, entry.problem());
            if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
                out.println("Not deleted.");
                return Cli.FAILED;
            }
        }
        long freed = bean(BackupOperations.class).delete(id.toString(), force);
        out.println("DELETED: " + id + (entry.valid() ? "" : " (INVALID entry; only files named " + id + ".*)") + " ("
                + Format.size(freed) + " freed)");
        return Cli.OK;
    }
}
