package dev.neo4jbackup.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.restore.BackupValidator;

@Command(name = "validate", description = "Prove a backup usable: checksum, archive read to the end, checksum file, "
        + "dump header; with --deep Neo4j's consistency checker. A pass is recorded in the manifest (VALIDATED), a "
        + "checksum mismatch too (CORRUPTED). Holds the storage lock: refused (BACKUP_LOCKED) while a backup, restore "
        + "or other validation runs. A backup this service did not sign is refused (BACKUP_UNTRUSTED) unless --sign "
        + "or --trust-unsigned.",
        footer = { "", "Examples:", "  neo4j-backup validate neo4j-20261125-020000",
                "  neo4j-backup validate neo4j-20261125-020000 --deep",
                "  neo4j-backup validate neo4j-20261125-020000 --sign   # vouch for an UNSIGNED backup: validate, then "
                        + "sign it" })
class ValidateCommand extends CliCommand {

    @Parameters(paramLabel = "<id>", description = "A backup id: <database>-<yyyyMMdd-HHmmss>.")
    BackupId id;

    @Option(names = "--deep", description = "Also run neo4j-admin database check on the dump (slower).")
    boolean deep;

    @Option(names = "--sign", description = "You vouch for this backup (UNSIGNED, or signed with a key this service "
            + "no longer holds): once the validation passes, sign it with the service's key (logged).")
    boolean sign;

    @Option(names = "--trust-unsigned", description = "Validate a backup this service did not sign (UNSIGNED or "
            + "UNTRUSTED) without signing it; logged and alerted.")
    boolean trustUnsigned;

    @Override
    public Integer call() {
        PrintWriter out = out();
        BackupValidator validator = bean(BackupValidator.class);
        BackupValidator.Validation validation = sign ? validator.sign(id.toString(), deep)
                : validator.validate(id.toString(), deep, TrustOverride.of(trustUnsigned));
        out.println((sign ? "SIGNED: " : "VALIDATED: ") + id + " (" + validation.manifest().validation() + ", "
                + Durations.seconds(validation.took()) + " s)");
        for (String check : validation.checks()) {
            out.println("  " + check);
        }
        return Cli.OK;
    }
}
