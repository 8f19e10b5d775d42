package dev.neo4jbackup.offsite;

import java.nio.file.Path;
import java.util.Map;

import dev.neo4jbackup.domain.Manifest;

/** For tests of other packages: copies every backup of a storage folder to a bucket, as the service's queue does. */
public final class OffsiteUpload {

    private OffsiteUpload() {
    }

    /** @return how many were delivered */
    public static int all(Path storage, String endpoint, String bucket, String prefix) {
        try (OffsiteHarness service = new OffsiteHarness(storage, endpoint, bucket, Map.of("prefix", prefix),
                Map.of())) {
            for (Manifest manifest : service.catalog.list()) {
                service.copies.queue(manifest);
            }
            return service.copies.tick(true);
        }
    }

    /** An {@link OffsiteCopies} of destination {@code offsite} at {@code endpoint}, for tests of other packages. */
    public static OffsiteCopies copies(Path storage, String endpoint, java.util.List<Object> events) {
        OffsiteHarness service = new OffsiteHarness(storage, endpoint, "bucket", Map.of("prefix", "p"), Map.of());
        dev.neo4jbackup.config.BackupProperties properties = dev.neo4jbackup.testing.TestProperties.bind(Map.of(
                "storage.path", storage.toString()));
        return OffsiteConfiguration.copies(service.targets, properties.retention(), properties.timezone(),
                service.catalog, service.state, new dev.neo4jbackup.catalog.StorageLock(storage), events::add,
                java.time.Clock.systemUTC(), d -> { });
    }
}
