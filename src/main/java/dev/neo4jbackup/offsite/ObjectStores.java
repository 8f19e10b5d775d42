package dev.neo4jbackup.offsite;

import dev.neo4jbackup.config.OffsiteProperties;

/**
 * The one place a destination's configured {@code type} becomes its {@link ObjectStore}: a new kind of store is a
 * value of {@link OffsiteProperties.Type}, its settings and checks in {@link OffsiteProperties.Destination}, its
 * implementation, and its case here (docs/architecture.md, "How to add a destination").
 */
final class ObjectStores {

    private ObjectStores() {
    }

    /** A client of the store {@code config} names; the caller closes it. */
    static ObjectStore open(OffsiteProperties.Destination config) {
        return switch (config.type()) {
            case S3 -> new S3Store(config);
        };
    }
}
