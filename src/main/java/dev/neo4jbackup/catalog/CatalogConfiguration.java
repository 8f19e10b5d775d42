package dev.neo4jbackup.catalog;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.signing.ManifestSigner;

/** The storage folder: its catalogue, its lock and the service's state kept in it. */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    @Bean
    BackupCatalog backupCatalog(BackupProperties properties, Clock clock, ManifestSigner signer,
            ApplicationEventPublisher events) {
        return new BackupCatalog(properties.storage().path(), clock, signer, events);
    }

    @Bean
    StorageLock storageLock(BackupCatalog catalog) {
        return new StorageLock(catalog.root());
    }

    @Bean
    StateStore stateStore(BackupCatalog catalog) {
        return new StateStore(catalog.root());
    }
}
