package dev.neo4jbackup.catalog;

import dev.neo4jbackup.domain.BackupId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.neo4jbackup.domain.Manifest;

/**
 * The schema and trust check of one parsed manifest against the id in its file name. The manifest is
 * input: a field that disagrees with the file name would otherwise let one file stand for another backup
 * (and make retention delete that one), so any disagreement makes the entry INVALID.
 */
final class ManifestCheck {

    /** What this tool writes; FAILED is a partial backup that retention may clean up. */
    static final Set<String> STATUSES = Set.of(Manifest.COMPLETE, Manifest.VALIDATED, Manifest.CORRUPTED, "FAILED");
    /** Clocks of two hosts sharing a folder differ a little; more than this is a manifest from the future. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int QUOTE_MAX = 80;

    private ManifestCheck() {
    }

    /** @return why the manifest cannot be trusted, or null */
    static String problem(BackupId fileId, Manifest m) {
        if (m == null) {
            return "the file holds no manifest (JSON null)";
        }
        List<String> missing = new ArrayList<>();
        if (m.id() == null) {
            missing.add("id");
        }
        if (m.database() == null) {
            missing.add("database");
        }
        if (m.created() == null) {
            missing.add("created");
        }
        if (m.status() == null) {
            missing.add("status");
        }
        if (m.compression() == null) {
            missing.add("compression");
        }
        if (!missing.isEmpty()) {
            return "required field" + (missing.size() == 1 ? "" : "s") + " missing: " + String.join(", ", missing);
        }
        if (BackupId.tryParse(m.id()).isEmpty()) {
            return "id " + quote(m.id()) + " is not a backup id (<database>-<yyyyMMdd-HHmmss>)";
        }
        if (!m.id().equals(fileId.toString())) {
            return "id " + quote(m.id()) + " does not match the file name " + fileId + ".json";
        }
        if (!m.database().equals(fileId.database())) {
            return "database " + quote(m.database()) + " does not match the id's database '" + fileId.database()
                    + "'";
        }
        if (!STATUSES.contains(m.status())) {
            return "unknown status " + quote(m.status()) + " (expected one of COMPLETE, VALIDATED, CORRUPTED, FAILED)";
        }
        String archive = BackupCatalog.archiveName(fileId, m.compression());
        if (m.archive() != null && !m.archive().equals(archive)) {
            return "archive " + quote(m.archive()) + " is not " + archive + ", the name its id and compression give";
        }
        if (!"FAILED".equals(m.status()) && (m.sha256() == null || !SHA256.matcher(m.sha256()).matches())) {
            return "sha256 " + (m.sha256() == null ? "is missing" : quote(m.sha256()) + " is not 64 hex digits");
        }
        return null;
    }

    /** @return why the manifest is dated in the future, or null */
    static String future(Manifest m, Instant now) {
        if (m.created().isAfter(now.plus(FUTURE_SKEW))) {
            return "created " + m.created() + " is in the future (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + ", allowed clock skew " + FUTURE_SKEW.toMinutes() + " min)";
        }
        return null;
    }

    static String quote(String text) {
        String clipped = text.length() > QUOTE_MAX ? text.substring(0, QUOTE_MAX) + "..." : text;
        return "'" + clipped.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
