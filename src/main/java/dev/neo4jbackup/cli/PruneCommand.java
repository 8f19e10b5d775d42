package dev.neo4jbackup.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.backup.PruneResult;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.retention.Decision;
import dev.neo4jbackup.retention.RetentionPlan;

@Command(name = "prune", description = "Show the retention plan (what is kept, what goes, and why); "
        + "with --delete-expired, delete what goes.",
        footer = { "", "Examples:", "  neo4j-backup prune                   # the plan, nothing deleted",
                "  neo4j-backup prune --dry-run         # the same, said explicitly",
                "  neo4j-backup prune --delete-expired  # delete the backups the policy drops" })
class PruneCommand extends CliCommand {

    @Option(names = "--dry-run", description = "Only show the plan (the default).")
    boolean dryRun;

    @Option(names = "--delete-expired", description = "Delete the backups the plan drops (archive, checksum file "
            + "and manifest together) and our leftovers of failed runs.")
    boolean deleteExpired;

    @Override
    public Integer call() {
        PrintWriter out = out();
        boolean apply = deleteExpired && !dryRun;
        PruneResult result = bean(BackupOperations.class).prune(!apply);
        RetentionPlan plan = result.plan();
        out.println("Retention: " + plan.policy().describe() + " (periods in " + plan.zone() + ")");
        for (String database : plan.databases()) {
            out.println();
            out.println(database + ":");
            for (Decision d : plan.forDatabase(database).decisions()) {
                out.printf("  %-4s  %-24s %10s  %s%s%n", d.keep() ? "KEEP" : "DROP", d.id(),
                        Format.size(d.backup().bytes()), d.why(),
                        d.keep() && d.expires() != null ? "  (expires " + Format.time(d.expires()) + ")" : "");
            }
        }
        // INVALID entries are not in the plan: say which, and why they stay
        for (var entry : bean(BackupCatalog.class).entries()) {
            if (!entry.valid()) {
                out.println("  KEEP  " + entry.fileName() + ": INVALID, never pruned (" + entry.problem() + ")");
            }
        }
        out.println();
        for (String leftover : result.leftovers()) {
            out.println((apply ? "Removed leftover: " : "Would remove leftover: ") + leftover);
        }
        if (apply) {
            out.println("CLEANUP_SUCCESS: Deleted " + result.deleted().size() + " backups"
                    + (result.deleted().isEmpty() ? "" : " (" + String.join(", ", result.deleted()) + ")")
                    + ", freed " + Format.size(result.bytesFreed()));
        } else {
            out.println("Would delete " + plan.dropped().size() + " backups, freeing " + Format.size(plan.bytesFreed())
                    + (plan.dropped().isEmpty() ? "." : ". Run with --delete-expired to delete them."));
        }
        for (String failure : result.failures()) {
            err().println("ERROR: " + failure);
        }
        return result.ok() ? Cli.OK : Cli.FAILED;
    }
}
