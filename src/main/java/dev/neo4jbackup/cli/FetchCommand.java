package dev.neo4jbackup.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.offsite.OffsiteCopies;

@Command(name = "fetch", description = "Download a backup from an off-site destination into the storage folder, "
        + "verified (manifest checks, signature, SHA-256) before it is published there.",
        footer = { "", "Examples:", "  neo4j-backup list --from offsite", "  neo4j-backup fetch neo4j-20261125-020000 "
                + "--from offsite", "  neo4j-backup restore neo4j-20261125-020000 --from offsite   # fetch, then restore" })
class FetchCommand extends CliCommand {

    @Parameters(paramLabel = "<id>", description = "A backup id: <database>-<yyyyMMdd-HHmmss>.")
    BackupId id;

    @Option(names = "--from", paramLabel = "<name>", required = true, description = "backup.destinations.<name>")
    String from;

    @Option(names = "--trust-unsigned", description = "Accept a backup this service did not sign (UNSIGNED, or a "
            + "signature its keys do not verify); logged and alerted. It stays unsigned in the folder.")
    boolean trustUnsigned;

    @Override
    public Integer call() {
        Manifest manifest = fetch(bean(OffsiteCopies.class), id, from, out(), trustUnsigned);
        out().println("Backup " + manifest.id() + " is in the storage folder: validate or restore it by its id");
        return Cli.OK;
    }

    static Manifest fetch(OffsiteCopies offsite, BackupId id, String from, PrintWriter out,
            boolean trustUnsigned) {
        out.println("INFO: Fetching " + id + " from s3:" + from);
        out.flush();
        return offsite.fetch(from, id, line -> {
            out.println("INFO: " + line);
            out.flush();
        }, TrustOverride.of(trustUnsigned));
    }
}
