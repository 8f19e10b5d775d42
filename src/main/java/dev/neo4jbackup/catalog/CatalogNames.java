package dev.neo4jbackup.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;

/**
 * Every file name the service uses in the storage folder. A backup is {@code <id>.json} (the manifest),
 * {@code <id><compression suffix>} (the archive; plus {@code .age} when it is encrypted) and the archive's name
 * plus {@code .sha256} (the sidecar);
 * the service's own files start with a dot. Nothing else in the folder is ours.
 */
public final class CatalogNames {

    public static final String MANIFEST_SUFFIX = ".json";
    public static final String SIDECAR_SUFFIX = ".sha256";
    /** The work folder of runs and validations; swept at start-up. */
    public static final String STAGING = ".staging";
    /** The storage lock a run, restore or prune holds. */
    public static final String LOCK = ".lock";
    /** The service state (pause, failures, "stopped by us"). */
    public static final String STATE = ".state.json";
    /** The file lock that orders the state's read-modify-write between processes. */
    public static final String STATE_LOCK = ".state.lock";
    /** The restore's recovery state. */
    public static final String RESTORE_STATE = ".restore.json";
    /** A logical import in progress (written before its first write, gone once it ended): found after a crash. */
    public static final String IMPORT_MARKER = ".import.json";
    /** A logical export in progress: a run the next start records as failed when its process died. */
    public static final String EXPORT_MARKER = ".export.json";
    public static final String TEMP_SUFFIX = ".tmp";
    /** An archive encrypted with age: {@code <id>.dump.gz.age}, opened by {@code age -d}. */
    public static final String ENCRYPTED_SUFFIX = ".age";

    /** Manifests, archives and sidecars: group 1 is the id part, group 2 what follows it. */
    private static final Pattern OURS = Pattern
            .compile("^(.+?)(\\.json|\\.(?:dump|jsonl)(?:\\.gz)?(?:\\.age)?(?:\\.sha256)?)$");
    /** Archives and sidecars: group 1 is the id part. */
    private static final Pattern ARCHIVE_OR_SIDECAR = Pattern
            .compile("^(.+?)\\.(?:dump|jsonl)(\\.gz)?(\\.age)?(\\.sha256)?$");

    private CatalogNames() {
    }

    public static String manifestName(BackupId id) {
        return id + MANIFEST_SUFFIX;
    }

    public static String archiveName(BackupId id, Compression compression) {
        return id + compression.suffix();
    }

    /**
     * {@code <id>.dump.gz}, {@code <id>.dump}, a logical export's {@code <id>.jsonl.gz} or {@code <id>.jsonl}, and
     * with {@code encrypted} the same plus {@code .age}.
     */
    public static String archiveName(BackupId id, Compression compression, boolean logical, boolean encrypted) {
        return id + suffix(compression, logical) + (encrypted ? ENCRYPTED_SUFFIX : "");
    }

    /** What follows the id in a plain archive's name: {@code .dump.gz}, {@code .dump}, {@code .jsonl.gz}, {@code .jsonl}. */
    public static String suffix(Compression compression, boolean logical) {
        return logical ? compression.suffix().replace(".dump", ".jsonl") : compression.suffix();
    }

    /** What follows the id in a manifest's archive name: its kind, compression and encryption. */
    public static String suffix(Manifest manifest) {
        return suffix(manifest.compression(), manifest.logicalExport()) + (manifest.encrypted() ? ENCRYPTED_SUFFIX : "");
    }

    /**
     * A manifest's archive: named from its id, kind, compression and whether it is encrypted, never from its
     * {@code archive} field.
     */
    public static String archiveName(Manifest manifest) {
        return manifest.id() == null ? null : BackupId.parse(manifest.id()) + suffix(manifest);
    }

    /** Every archive name an id can have (each kind and compression, plain and encrypted). */
    public static java.util.List<String> archiveNames(BackupId id) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Compression compression : Compression.values()) {
            for (boolean logical : new boolean[] {false, true}) {
                names.add(archiveName(id, compression, logical, false));
                names.add(archiveName(id, compression, logical, true));
            }
        }
        return names;
    }

    public static String sidecarName(BackupId id, Compression compression) {
        return sidecarOf(archiveName(id, compression));
    }

    public static String sidecarOf(String archiveName) {
        return archiveName + SIDECAR_SUFFIX;
    }

    public static boolean isManifest(String name) {
        return name.endsWith(MANIFEST_SUFFIX);
    }

    /**
     * The start of the temp files an atomic write of {@code name} goes through, in the same folder: hidden, and
     * never one of our names, so a leftover of a crash is never listed as a backup. Each write has its own temp
     * file ({@code <prefix><random>.tmp}): two writers of one file never write into the same temp file.
     */
    public static String tempPrefix(String name) {
        return (name.startsWith(".") ? name : "." + name) + ".";
    }

    /** A temp file of a manifest write ({@code .<id>.json.<random>.tmp}), left only by a crash. */
    public static boolean isManifestTemp(String name) {
        if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        int end = name.lastIndexOf(MANIFEST_SUFFIX + ".");
        return end > 1 && BackupId.tryParse(name.substring(1, end)).isPresent();
    }

    /** @return the id part of a manifest, archive or sidecar name; empty for any other name */
    static Optional<String> idPartOfOurs(String name) {
        Matcher ours = OURS.matcher(name);
        return ours.matches() ? Optional.of(ours.group(1)) : Optional.empty();
    }

    /** @return the id of an archive or sidecar name; empty for any other name or an id part that is no id */
    public static Optional<BackupId> idOfArchiveOrSidecar(String name) {
        Matcher matcher = ARCHIVE_OR_SIDECAR.matcher(name);
        return matcher.matches() ? BackupId.tryParse(matcher.group(1)) : Optional.empty();
    }
}
