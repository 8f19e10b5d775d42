package dev.neo4jbackup.offsite;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.signing.ManifestSigner;

/**
 * A destination's backups as its listing shows them: each manifest found under a prefix checked as a local one is
 * (size, schema, id against its key, not from the future) and its signature judged with this service's keys. The
 * ids come from the keys ({@link RemoteLayout}), never the other way; a manifest that fails its checks is listed
 * INVALID with its reason, and is never fetched, restored or pruned.
 */
final class DestinationListing {

    private static final Logger log = LoggerFactory.getLogger(DestinationListing.class);

    private final Targets targets;
    private final ManifestSigner signer;
    private final Clock clock;

    DestinationListing(Targets targets, ManifestSigner signer, Clock clock) {
        this.targets = targets;
        this.signer = signer;
        this.clock = clock;
    }

    /** The destination's backups of this service (all prefixes with {@code all}), oldest first. */
    List<RemoteBackup> list(String destination, boolean all) {
        Target target = targets.get(destination);
        Map<String, Long> sizes = new HashMap<>();
        try {
            target.store().list(all ? "" : target.prefix() + "/").forEach(o -> sizes.put(o.key(), o.size()));
        } catch (ObjectStore.Failure e) {
            throw target.failure("listing", e);
        }
        Instant now = clock.instant();
        List<RemoteBackup> backups = new ArrayList<>();
        for (RemoteLayout.Listed listed : RemoteLayout.manifests(sizes.keySet(), all ? null : target.prefix())) {
            String key = RemoteLayout.manifestKey(listed.prefix(), listed.id());
            CatalogEntry entry;
            try {
                entry = target.manifest(listed.prefix(), listed.id(), now, signer);
            } catch (ObjectStore.TooLarge e) {
                entry = new CatalogEntry(listed.id(), null, "the manifest " + e.getMessage());
            } catch (ObjectStore.Failure e) {
                entry = new CatalogEntry(listed.id(), null, "unreadable: " + String.valueOf(e.getMessage()).lines()
                        .findFirst().orElse(""));
            }
            boolean archive = false;
            long bytes = sizes.getOrDefault(key, 0L);
            if (entry.valid()) {
                String archiveName = CatalogNames.archiveName(entry.manifest());
                String archiveKey = RemoteLayout.key(listed.prefix(), listed.id(), archiveName);
                archive = sizes.containsKey(archiveKey);
                bytes += sizes.getOrDefault(archiveKey, 0L) + sizes.getOrDefault(RemoteLayout.key(listed.prefix(),
                        listed.id(), CatalogNames.sidecarOf(archiveName)), 0L);
            } else {
                log.warn("MANIFEST_INVALID: {}: {}", target.store().address(key), entry.problem());
            }
            if (entry.untrusted()) {
                log.warn("MANIFEST_UNTRUSTED: {}: {}", target.store().address(key), entry.trust().reason());
            }
            backups.add(new RemoteBackup(destination, listed.prefix(), listed.id(), entry.manifest(), entry.problem(),
                    archive, bytes, entry.trust()));
        }
        return backups;
    }

    /** Where each local id also lives: the ids of this service in every destination (a failing one is left out). */
    Map<String, List<String>> locations() {
        Map<String, List<String>> where = new HashMap<>();
        for (String name : targets.names()) {
            try {
                for (RemoteBackup backup : list(name, false)) {
                    if (backup.valid() && backup.archivePresent()) {
                        where.computeIfAbsent(backup.id().toString(), k -> new ArrayList<>()).add(backup.location());
                    }
                }
            } catch (BackupFailure e) {
                log.warn("OFFSITE_UNREACHABLE: {} could not be listed: {}", name, e.reason());
            }
        }
        return where;
    }
}
