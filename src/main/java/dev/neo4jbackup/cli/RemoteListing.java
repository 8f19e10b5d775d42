package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.offsite.RemoteBackup;

/** `list --from <name>`: a destination's backups, newest first, grouped by the prefix of the service that wrote them. */
final class RemoteListing {

    private RemoteListing() {
    }

    static int print(OffsiteCopies offsite, String from, boolean all, String database, boolean json, PrintWriter out) {
        List<RemoteBackup> backups = new ArrayList<>(offsite.list(from, all));
        backups.removeIf(b -> database != null && !b.id().database().equals(database));
        backups.sort(Comparator.comparing(RemoteBackup::id).reversed().thenComparing(RemoteBackup::prefix));
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (RemoteBackup backup : backups) {
                rows.add(backup.row());
            }
            out.println(new String(JsonCodec.toBytes(rows), StandardCharsets.UTF_8));
            return Cli.OK;
        }
        out.println("Backups in s3:" + from + (all ? " (every prefix)" : " (prefix " + offsite.prefix(from) + ")") + ":");
        out.println("==================");
        if (backups.isEmpty()) {
            out.println();
            out.println("None.");
            return Cli.OK;
        }
        long total = 0;
        for (RemoteBackup backup : backups) {
            out.println();
            out.println(backup.id());
            out.println("  Location:       " + backup.location() + " (prefix " + backup.prefix() + ")");
            if (!backup.valid()) {
                out.println("  Status:         INVALID: " + backup.problem());
                out.println("  Action:         never fetched, restored or pruned");
                continue;
            }
            Manifest m = backup.manifest();
            out.println("  Created:        " + Format.time(m.created()));
            out.println("  Status:         " + m.status() + (backup.archivePresent() ? "" : ", PARTIAL (archive missing)"));
            out.println("  Signature:      " + Listing.signature(backup.trust()));
            out.println("  Stored:         " + Format.size(backup.storedBytes()));
            out.println("  Checksum:       " + m.sha256().substring(0, 12) + "...");
            out.println("  Host:           " + m.host());
            total += backup.storedBytes();
        }
        out.println();
        out.println("Total: " + backups.size() + " backup" + (backups.size() == 1 ? "" : "s") + ", " + Format.size(total)
                + " in s3:" + from);
        return Cli.OK;
    }
}
