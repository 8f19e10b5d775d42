package dev.neo4jbackup.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a backup is made of: {@code backup.kind}, {@code create --kind}, the API's {@code kind} and a manifest's
 * {@code kind} all name one of these, by {@link #id()}.
 */
public enum Kind {
    /** {@code neo4j-admin database dump} of the stopped store (the stop mode decides how it is stopped). */
    DUMP,
    /** JSON lines of every node and relationship over Bolt, with the schema; Neo4j is never stopped. */
    LOGICAL;

    /** As a manifest, the configuration and the command line write it: {@code dump}, {@code logical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind {@code value} names, in any case and with spaces around it.
     *
     * @throws IllegalArgumentException for anything else, saying which kinds there are
     */
    public static Kind parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        for (Kind kind : values()) {
            if (kind.name().equalsIgnoreCase(trimmed)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown backup kind '" + value + "' (known: " + known() + ")");
    }

    /** {@code dump, logical}. */
    public static String known() {
        return Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "));
    }
}
