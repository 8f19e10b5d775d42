package dev.neo4jbackup.offsite;

import dev.neo4jbackup.testing.TestSigning;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.testing.S3Server;
import dev.neo4jbackup.testing.TestProperties;

/** An {@link OffsiteCopies} wired as the service wires it, over one storage folder and one destination. */
final class OffsiteHarness implements AutoCloseable {

    final List<Object> events = new ArrayList<>();
    final BackupCatalog catalog;
    final StateStore state;
    final OffsiteCopies copies;
    final OffsiteProperties offsite;
    final Targets targets;

    /** @param destination property names under {@code backup.destinations.offsite.}; endpoint and keys added */
    OffsiteHarness(Path storage, String endpoint, String bucket, Map<String, String> destination,
            Map<String, String> backup) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("endpoint", endpoint);
        values.put("bucket", bucket);
        values.put("path-style", "true");
        values.put("access-key-id", S3Server.IDENTITY);
        values.put("secret-access-key", S3Server.CREDENTIAL);
        values.put("timeout", "5s");
        values.putAll(destination);
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        values.forEach((k, v) -> source.put("backup.destinations.offsite." + k, v));
        offsite = new Binder(source).bindOrCreate("backup", OffsiteProperties.class);
        Map<String, String> all = new LinkedHashMap<>(Map.of("storage.path", storage.toString()));
        all.putAll(backup);
        BackupProperties properties = TestProperties.bind(all);
        catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
        state = new StateStore(storage);
        targets = Targets.open(offsite, ObjectStores::open);
        copies = OffsiteConfiguration.copies(targets, properties.retention(), properties.timezone(), catalog, state,
                new StorageLock(storage), events::add, Clock.systemUTC(), d -> { });
    }

    ObjectStore store() {
        return targets.get("offsite").store();
    }

    @Override
    public void close() {
        targets.all().forEach(target -> target.store().close());
    }
}
