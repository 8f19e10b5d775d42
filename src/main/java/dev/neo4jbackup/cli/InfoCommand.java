package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;

@Command(name = "info", description = "Everything the manifest of one backup records.",
        footer = { "", "Example:", "  neo4j-backup info neo4j-20261125-020000" })
class InfoCommand extends CliCommand {

    @Parameters(paramLabel = "<id>", description = "A backup id: <database>-<yyyyMMdd-HHmmss>.")
    BackupId id;

    @Option(names = "--json", description = "The manifest as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = out();
        BackupCatalog catalog = bean(BackupCatalog.class);
        CatalogEntry entry = catalog.entry(id).orElseThrow(() -> new BackupFailure(
                ErrorCode.BACKUP_NOT_FOUND, "No backup with id " + id + " in " + catalog.root()));
        if (!entry.valid()) {
            if (json) {
                out.println(new String(JsonCodec.toBytes(entry.invalidView()),
                        StandardCharsets.UTF_8));
            } else {
                out.println(id);
                out.println("  Status:         INVALID: " + entry.problem());
                out.println("  File:           " + catalog.root().resolve(entry.fileName()));
                out.println("  Action:         never restored, counted or pruned; remove it with: neo4j-backup delete "
                        + id + " --force");
            }
            return Cli.OK;
        }
        Manifest m = entry.manifest();
        if (json) {
            out.println(new String(JsonCodec.toBytes(entry.view()), StandardCharsets.UTF_8));
            return Cli.OK;
        }
        Listing.block(m, out, bean(BackupOperations.class).retentionPlan(), entry.trust());
        out.println("  Database:       " + m.database());
        out.println("  Archive:        " + catalog.archivePath(m));
        out.println("  SHA-256:        " + m.sha256());
        if (m.encrypted()) {
            out.println("  Encryption:     " + m.encryption().format() + ", to " + String.join(", ",
                    m.encryption().recipientFingerprints()) + "; plaintext SHA-256 " + m.encryption().plaintextSha256());
        }
        out.println("  Trigger:        " + String.valueOf(m.trigger()).toLowerCase() + (m.reason() == null ? "" : " (" + m.reason() + ")"));
        out.println("  Neo4j:          " + m.neo4jVersion() + " " + m.neo4jEdition() + ", stop mode " + m.stopMode());
        if (m.graph() != null) {
            out.println("  Labels:         " + m.graph().labels());
            out.println("  Rel. types:     " + m.graph().relationshipTypes());
            out.println("  Schema:         " + m.graph().indexes() + " indexes, " + m.graph().constraints()
                    + " constraints");
        }
        StringBuilder stages = new StringBuilder();
        for (Map.Entry<String, Long> e : m.durationsMs().entrySet()) {
            stages.append(stages.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(Durations.seconds(e.getValue())).append(" s");
        }
        out.println("  Stages:         " + stages);
        out.println("  Taken by:       neo4j-backup " + m.toolVersion() + " on " + m.host());
        return Cli.OK;
    }
}
