package dev.neo4jbackup.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;

/**
 * The schema and trust check of one parsed manifest against the id in its file name. The manifest is
 * input: a field that disagrees with the file name would otherwise let one file stand for another backup
 * (and make retention delete that one), so any disagreement makes the entry INVALID.
 */
final class ManifestCheck {

    /** The statuses as the reason names them: what this tool writes. */
    private static final String STATUSES = Arrays.stream(Manifest.Status.values()).map(Enum::name)
            .collect(Collectors.joining(", "));
    /** Clocks of two hosts sharing a folder differ a little; more than this is a manifest from the future. */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int QUOTE_MAX = 80;

    private ManifestCheck() {
    }

    /** A manifest file's content: the manifest, and its status as written (an unknown one has no enum value). */
    record Decoded(Manifest manifest, String statusText) {
    }

    /**
     * Parses a manifest file's JSON. An unknown status is kept as text for {@link #problem} to name (the entry
     * is INVALID with that reason, not "not a manifest"); an unknown trigger is read as none, as an unknown field
     * is: a newer tool's trigger does not make its backup untrusted.
     *
     * @throws RuntimeException when the JSON is no manifest at all
     */
    static Decoded decode(byte[] json) {
        return decode(JsonCodec.MAPPER.readTree(json));
    }

    /** {@link #decode(byte[])} of a file already read as a tree (whose signature was judged on it first). */
    static Decoded decode(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            // no content at all: the mapper's own refusal ("no content"), not a JSON null
            return new Decoded(JsonCodec.MAPPER.readValue(new byte[0], Manifest.class), null);
        }
        String statusText = null;
        if (tree instanceof ObjectNode object) {
            JsonNode status = object.get("status");
            if (status != null && !status.isNull()) {
                statusText = status.isString() ? status.asString() : status.toString();
                if (Manifest.Status.of(statusText).isEmpty()) {
                    object.remove("status");
                }
            }
            JsonNode trigger = object.get("trigger");
            if (trigger != null && !(trigger.isString() && isTrigger(trigger.asString()))) {
                object.remove("trigger");
            }
        }
        return new Decoded(JsonCodec.MAPPER.treeToValue(tree, Manifest.class), statusText);
    }

    private static boolean isTrigger(String name) {
        return Arrays.stream(Trigger.values()).anyMatch(t -> t.name().equals(name));
    }

    /** @return why the manifest cannot be trusted, or null */
    static String problem(BackupId fileId, Decoded decoded) {
        Manifest m = decoded.manifest();
        String statusText = decoded.statusText();
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
        if (statusText == null) {
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
            return "id " + quote(m.id()) + " does not match the file name " + CatalogNames.manifestName(fileId);
        }
        if (!m.database().equals(fileId.database())) {
            return "database " + quote(m.database()) + " does not match the id's database '" + fileId.database()
                    + "'";
        }
        if (m.status() == null) {
            return "unknown status " + quote(statusText) + " (expected one of " + STATUSES + ")";
        }
        String archive = CatalogNames.archiveName(fileId, m.compression(), m.logicalExport(), m.encrypted());
        if (m.archive() != null && !m.archive().equals(archive)) {
            return "archive " + quote(m.archive()) + " is not " + archive + ", the name its id, compression and "
                    + "encryption give";
        }
        if (m.encrypted()) {
            Manifest.Encryption e = m.encryption();
            if (!Manifest.Encryption.AGE.equals(e.format())) {
                return "encryption format " + (e.format() == null ? "is missing" : quote(e.format())
                        + " is not age");
            }
            if (m.status() != Manifest.Status.FAILED && (e.plaintextSha256() == null
                    || !SHA256.matcher(e.plaintextSha256()).matches())) {
                return "encryption.plaintextSha256 " + (e.plaintextSha256() == null ? "is missing"
                        : quote(e.plaintextSha256()) + " is not 64 hex digits");
            }
        }
        if (m.status() != Manifest.Status.FAILED && (m.sha256() == null || !SHA256.matcher(m.sha256()).matches())) {
            return "sha256 " + (m.sha256() == null ? "is missing" : quote(m.sha256()) + " is not 64 hex digits");
        }
        return null;
    }

    /** @return why the manifest is dated in the future, or null */
    static String future(Manifest m, Instant now) {
        if (m.created().isAfter(now.plus(FUTURE_SKEW))) {
            return "created " + m.created() + " is in the future (now " + now.truncatedTo(ChronoUnit.SECONDS)
                    + ", allowed clock skew " + FUTURE_SKEW.toMinutes() + " min)";
        }
        return null;
    }

    static String quote(String text) {
        String clipped = text.length() > QUOTE_MAX ? text.substring(0, QUOTE_MAX) + "..." : text;
        return "'" + clipped.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
