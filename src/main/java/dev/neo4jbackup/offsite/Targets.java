package dev.neo4jbackup.offsite;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** The configured destinations by name ({@code backup.destinations.<name>}), each with its open store. */
final class Targets {

    private final Map<String, Target> byName;

    private Targets(Map<String, Target> byName) {
        this.byName = byName;
    }

    /** Every destination of {@code offsite} with the store {@code open} makes of it, keyed under the host's name. */
    static Targets open(OffsiteProperties offsite, Function<OffsiteProperties.Destination, ObjectStore> open) {
        Map<String, Target> byName = new LinkedHashMap<>();
        offsite.destinations().forEach((name, config) -> byName.put(name, new Target(name, config, open.apply(config),
                HostName.local())));
        return new Targets(byName);
    }

    /** The destination {@code name}, or OFFSITE_UNKNOWN naming the configured ones. */
    Target get(String name) {
        return find(name).orElseThrow(() -> new BackupFailure(ErrorCode.OFFSITE_UNKNOWN, "No off-site destination '"
                + name + "'" + (byName.isEmpty() ? "; none is configured" : "; configured: " + String.join(", ",
                        byName.keySet())), null, ErrorCode.OFFSITE_UNKNOWN.action(), null));
    }

    Optional<Target> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Set<String> names() {
        return byName.keySet();
    }

    Collection<Target> all() {
        return byName.values();
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }
}
