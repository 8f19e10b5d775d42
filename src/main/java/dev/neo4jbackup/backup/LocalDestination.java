package dev.neo4jbackup.backup;

import java.nio.file.Path;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.Manifest;

/** The storage folder ({@code backup.storage.path}): sidecar, archive and manifest by atomic rename. */
final class LocalDestination implements Destination {

    private final BackupCatalog catalog;

    LocalDestination(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String publish(Path archive, Manifest manifest) {
        return catalog.publish(archive, manifest).toString();
    }
}
