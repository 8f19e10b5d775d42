package dev.neo4jbackup.restore;

import java.util.ArrayList;
import java.util.List;

import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.LogicalHeader;

/**
 * What a backup's manifest must hold, and agree with its file on. The counts (and for a logical backup the
 * content fingerprint) are what a restore is checked against, so a manifest that leaves one out would make that
 * check pass by omission. Every logical export records both; every dump taken while Neo4j answered records its
 * counts. A manifest without them, or (logical) with others than its file's header, was not written by a run
 * of this tool and is refused (BACKUP_INVALID) by validate, restore and the drill, before anything is touched
 * and without being marked VALIDATED. Only what a kind of backup never has is let through: a dump taken in stop
 * mode none while Bolt did not answer, or a bundled initial dump without a manifest, has no counts.
 */
final class ManifestNumbers {

    private ManifestNumbers() {
    }

    /** @return why the manifest cannot be checked against, or null */
    static String missing(Manifest manifest) {
        if (!manifest.logicalExport()) {
            return manifest.graph() != null || RestoreChecks.neverHadStats(manifest) ? null : "the manifest of the "
                    + "dump " + manifest.id() + " lacks its counts (graph), which every dump taken while Neo4j "
                    + "answered records (stop mode " + manifest.stopMode() + ")";
        }
        List<String> missing = new ArrayList<>();
        if (manifest.graph() == null) {
            missing.add("its counts (graph)");
        }
        if (manifest.logical() == null || manifest.logical().fingerprint() == null
                || manifest.logical().fingerprint().isBlank()) {
            missing.add("its content fingerprint (logical.fingerprint)");
        }
        return missing.isEmpty() ? null : "the manifest of the logical backup " + manifest.id() + " lacks "
                + String.join(" and ", missing) + ", which every logical export records";
    }

    /** Throws BACKUP_INVALID when the manifest lacks its counts or its fingerprint. */
    static void requireNumbers(Manifest manifest) {
        String missing = missing(manifest);
        if (missing != null) {
            throw invalid(manifest, missing, null);
        }
    }

    /** Throws BACKUP_INVALID when the manifest lacks its numbers or disagrees with the header of its file. */
    static void require(Manifest manifest, LogicalHeader.Header header) {
        requireNumbers(manifest);
        List<String> differences = new ArrayList<>();
        if (!manifest.logical().fingerprint().equals(header.fingerprint())) {
            differences.add("fingerprint: manifest " + manifest.logical().fingerprint() + ", file " + header
                    .fingerprint());
        }
        GraphStats m = manifest.graph();
        GraphStats h = header.graph();
        if (h == null) {
            differences.add("counts: the file's header has none");
        } else {
            if (m.nodes() != h.nodes() || m.relationships() != h.relationships()) {
                differences.add("counts: manifest " + m.nodes() + " nodes, " + m.relationships()
                        + " relationships; file " + h.nodes() + " nodes, " + h.relationships() + " relationships");
            }
            if (!m.labels().equals(h.labels()) || !m.relationshipTypes().equals(h.relationshipTypes())) {
                differences.add("the counts per label or relationship type differ");
            }
        }
        if (!differences.isEmpty()) {
            throw invalid(manifest, "the manifest of the logical backup " + manifest.id() + " disagrees with the "
                    + "header of its file", String.join("; ", differences));
        }
    }

    private static BackupFailure invalid(Manifest manifest, String reason, String numbers) {
        return new BackupFailure(ErrorCode.BACKUP_INVALID, "Backup validation failed: " + reason + "; it is not "
                + "restored, drilled nor marked VALIDATED", numbers, "Restore another backup of " + manifest.database()
                        + " (neo4j-backup list); find who wrote " + manifest.id() + ".json", null);
    }
}
