package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.archive.Manifest;
import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.catalog.BackupCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List the backups in the storage folder, newest first.",
        footer = { "", "Examples:", "  neo4j-backup list", "  neo4j-backup list --database neo4j --json | jq '.[0].id'" })
class ListCommand extends CliCommand {

    @Option(names = "--json", description = "The manifests as a JSON array (the manifest's field names).")
    boolean json;

    @Option(names = "--database", paramLabel = "<name>", converter = DatabaseNameOption.class,
            description = "Only this database's backups.")
    String database;

    @Override
    public Integer call() {
        PrintWriter out = out();
        List<Manifest> manifests = new ArrayList<>(bean(BackupCatalog.class).list());
        manifests.removeIf(m -> database != null && !m.database().equals(database));
        manifests.sort(Comparator.comparing(Manifest::created).reversed());
        if (json) {
            out.println(new String(JsonCodec.toBytes(manifests), java.nio.charset.StandardCharsets.UTF_8));
            return Cli.OK;
        }
        out.println("Available Backups:");
        out.println("==================");
        if (manifests.isEmpty()) {
            out.println();
            out.println("No backups yet. Take one with: neo4j-backup create");
            return Cli.OK;
        }
        Listing.print(manifests, out, bean(BackupOperations.class).retentionPlan());
        return Cli.OK;
    }
}
