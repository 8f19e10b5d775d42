package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.signing.Trust;

@Command(name = "list", description = "List the backups in the storage folder (or an off-site destination), newest "
        + "first, with where each one lives.",
        footer = { "", "Examples:", "  neo4j-backup list", "  neo4j-backup list --database neo4j --json | jq '.[0].id'",
                "  neo4j-backup list --from offsite          # this service's backups in the destination",
                "  neo4j-backup list --from offsite --all    # every service's backups in the bucket" })
class ListCommand extends CliCommand {

    @Option(names = "--json", description = "The manifests as a JSON array (the manifest's field names, plus trust: "
            + "SIGNED, UNSIGNED or UNTRUSTED).")
    boolean json;

    @Option(names = "--database", paramLabel = "<name>", converter = DatabaseNameOption.class,
            description = "Only this database's backups.")
    String database;

    @Option(names = "--from", paramLabel = "<name>",
            description = "List backup.destinations.<name> instead of the storage folder (works with an empty one).")
    String from;

    @Option(names = "--all", description = "With --from: the backups of every prefix in the bucket, not only ours.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = out();
        if (from != null) {
            return RemoteListing.print(bean(OffsiteCopies.class), from, all, database, json,
                    out);
        }
        if (all) {
            err().println("--all needs --from <name>");
            return Cli.USAGE;
        }
        List<CatalogEntry> entries = new ArrayList<>(bean(BackupCatalog.class).entries());
        entries.removeIf(e -> database != null && !e.id().database().equals(database));
        entries.sort(Comparator.comparing(CatalogEntry::created).reversed());
        List<Manifest> manifests = entries.stream().filter(CatalogEntry::valid).map(CatalogEntry::manifest).toList();
        List<CatalogEntry> invalid = entries.stream().filter(e -> !e.valid()).toList();
        if (json) {
            // the manifests as written, and each INVALID entry as {id, database, status: INVALID, file, invalidReason}
            // a valid one with "trust" (SIGNED, UNSIGNED, UNTRUSTED) and, unless signed, "trustReason"
            List<Object> all = entries.stream().<Object>map(e -> e.valid() ? e.view() : e.invalidView()).toList();
            out.println(new String(JsonCodec.toBytes(all), StandardCharsets.UTF_8));
            return Cli.OK;
        }
        out.println("Available Backups:");
        out.println("==================");
        printInvalid(invalid, out);
        if (manifests.isEmpty()) {
            out.println();
            out.println("No backups yet. Take one with: neo4j-backup create");
            return Cli.OK;
        }
        OffsiteCopies offsite = bean(OffsiteCopies.class);
        Map<String, Trust> trust = new HashMap<>();
        entries.stream().filter(CatalogEntry::valid).forEach(e -> trust.put(e.id().toString(), e.trust()));
        Listing.print(manifests, out, bean(BackupOperations.class).retentionPlan(), offsite.enabled()
                ? offsite.locations() : Map.of(), trust);
        return Cli.OK;
    }

    /** Files that are not trustworthy backups, each with its reason: never counted, restored or pruned. */
    static void printInvalid(List<CatalogEntry> invalid, PrintWriter out) {
        for (CatalogEntry entry : invalid) {
            out.println();
            out.println(entry.fileName());
            out.println("  Status:         INVALID: " + entry.problem());
            out.println("  Action:         never restored, counted or pruned; inspect the file, remove it with: "
                    + "neo4j-backup delete " + entry.id() + " --force");
        }
    }
}
