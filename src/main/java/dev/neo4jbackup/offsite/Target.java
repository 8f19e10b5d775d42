package dev.neo4jbackup.offsite;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.RemoteManifests;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.signing.ManifestSigner;

/**
 * One configured destination: its name, its store, this service's key prefix in it, and what its queue and its
 * retention are told ({@code attempts}, {@code retry-delays}, {@code retention.*}).
 *
 * @param prefix   this service's key prefix: the configured one, else the host name
 * @param attempts tries of one upload before it is queued
 */
record Target(String name, ObjectStore store, String prefix, int attempts, List<Duration> retryDelays,
        OffsiteProperties.DestinationRetention retention) {

    Target(String name, OffsiteProperties.Destination config, ObjectStore store, String host) {
        this(name, store, config.prefixOr(host), config.attempts(), config.retryDelays(), config.retention());
    }

    /** The key of one of a backup's files under this service's prefix. */
    String key(BackupId id, String fileName) {
        return RemoteLayout.key(prefix, id, fileName);
    }

    String manifestKey(BackupId id) {
        return RemoteLayout.manifestKey(prefix, id);
    }

    /**
     * The manifest of {@code id} under {@code keyPrefix} (this service's, or another's in a listing of every
     * prefix), checked as a local one is and its signature judged; an {@link ObjectStore.Failure} or
     * {@link ObjectStore.TooLarge} when it cannot be read.
     */
    CatalogEntry manifest(String keyPrefix, BackupId id, Instant now, ManifestSigner signer) {
        byte[] json = store.getSmall(RemoteLayout.manifestKey(keyPrefix, id), JsonCodec.MAX_BYTES);
        return RemoteManifests.judge(id, json, now, signer);
    }

    /** OFFSITE_FAILED naming the destination, where its store is and the store's own words; never a credential. */
    BackupFailure failure(String what, Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        return new BackupFailure(ErrorCode.OFFSITE_FAILED, "The " + what + " to " + name + " (" + store.describe()
                + ") failed: " + message, null, ErrorCode.OFFSITE_FAILED.action(), null);
    }
}
