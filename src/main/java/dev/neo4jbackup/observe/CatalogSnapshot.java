package dev.neo4jbackup.observe;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.neo4jbackup.domain.Manifest;

/**
 * The catalogue per configured database, at one moment. Backups of databases no longer configured are left
 * out: metrics carry one fixed series per configured database.
 */
public record CatalogSnapshot(Map<String, DatabaseBackups> databases, Instant takenAt) {

    public CatalogSnapshot {
        databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
    }

    public static CatalogSnapshot of(Collection<String> databases, List<Manifest> manifests, Instant takenAt) {
        Map<String, DatabaseBackups> byDatabase = new LinkedHashMap<>();
        for (String database : databases) {
            List<Manifest> mine = manifests.stream().filter(m -> database.equals(m.database())).toList();
            Manifest newest = mine.stream()
                    .max(Comparator.comparing(Manifest::created).thenComparing(Manifest::id)).orElse(null);
            long bytes = mine.stream().mapToLong(Manifest::storedBytes).sum();
            Instant verified = mine.stream().map(Manifest::validatedAt).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            byDatabase.put(database, new DatabaseBackups(database, newest, mine.size(), bytes, verified));
        }
        return new CatalogSnapshot(byDatabase, takenAt);
    }

    public DatabaseBackups of(String database) {
        return databases.getOrDefault(database, DatabaseBackups.none(database));
    }

    /**
     * The database whose newest backup is the oldest (one with none at all comes first): the backups are
     * only as fresh as their weakest database.
     */
    public DatabaseBackups weakest() {
        return databases.values().stream()
                .min(Comparator.comparing((DatabaseBackups d) -> d.lastSuccessAt().orElse(Instant.MIN)))
                .orElseThrow();
    }
}
