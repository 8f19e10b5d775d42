package dev.neo4jbackup.offsite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.BackupId;

/**
 * Where a backup's objects live in a bucket: {@code <prefix>/<database>/<file>}, the files named as in the
 * storage folder. Keys are always built from a parsed id; a listed key is only used to find ids (a key that is
 * not one of ours, or whose database disagrees with its id, is left out).
 */
final class RemoteLayout {

    /** A prefix as the configuration allows it: nothing else found in a listing is taken for one. */
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private RemoteLayout() {
    }

    /** One backup found in a listing: the prefix of the service that wrote it, and its id. */
    record Listed(String prefix, BackupId id) {
    }

    static String databaseFolder(String prefix, String database) {
        return prefix + "/" + database + "/";
    }

    static String key(String prefix, BackupId id, String fileName) {
        return databaseFolder(prefix, id.database()) + fileName;
    }

    static String manifestKey(String prefix, BackupId id) {
        return key(prefix, id, CatalogNames.manifestName(id));
    }

    /**
     * The manifests among {@code keys}: under {@code onlyPrefix} (this service's) or, when null, under any
     * prefix (the whole fleet). Oldest first.
     */
    static List<Listed> manifests(Collection<String> keys, String onlyPrefix) {
        List<Listed> found = new ArrayList<>();
        for (String key : keys) {
            parse(key).filter(l -> onlyPrefix == null || l.prefix().equals(onlyPrefix)).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(Listed::id).thenComparing(Listed::prefix));
        return found;
    }

    static Optional<Listed> parse(String key) {
        if (!CatalogNames.isManifest(key.substring(key.lastIndexOf('/') + 1))) {
            return Optional.empty();
        }
        String[] parts = key.split("/", -1);
        if (parts.length < 3) {
            return Optional.empty();
        }
        String file = parts[parts.length - 1];
        String database = parts[parts.length - 2];
        String prefix = String.join("/", Arrays.copyOf(parts, parts.length - 2));
        if (!SAFE_PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
            return Optional.empty();
        }
        Optional<BackupId> id = BackupId.tryParse(file.substring(0, file.length()
                - CatalogNames.MANIFEST_SUFFIX.length()));
        // the key must be exactly the one its id gives: anything else is not ours
        return id.filter(i -> i.database().equals(database) && manifestKey(prefix, i).equals(key))
                .map(i -> new Listed(prefix, i));
    }
}
