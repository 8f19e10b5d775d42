package dev.neo4jbackup.neo4j;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that decides what environment a child process (neo4j-admin, the stop and start
 * commands, the sandbox Neo4j) gets: the service's own, without its secrets. A child needs NEO4J_HOME
 * and PATH, never the API, Neo4j or mail passwords; whatever it inherits can be read by any process of
 * the same user in {@code /proc/<pid>/environ} and ends up in its crash dumps and logs.
 * <p>
 * A variable is dropped when its name says it holds a secret ({@code *PASSWORD*}, {@code *SECRET*},
 * {@code *TOKEN*}, {@code *CREDENTIAL*}, {@code NEO4J_AUTH}, {@code SPRING_NEO4J_AUTHENTICATION_*}) or
 * when its value contains one of the secrets the service was configured with, whatever the name
 * (e.g. {@code JAVA_TOOL_OPTIONS=-Dspring.neo4j.authentication.password=...}).
 */
public final class ChildEnvironment {

    private static final List<String> SECRET_NAME_PARTS = List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN",
            "CREDENTIAL");
    private static final List<String> SECRET_NAME_PREFIXES = List.of("SPRING_NEO4J_AUTHENTICATION_", "NEO4J_AUTH");
    /** Shorter values (e.g. "neo4j") match too much to be dropped by value; their names still are. */
    private static final int MIN_VALUE_LENGTH = 6;

    private final List<String> secretValues;

    private ChildEnvironment(List<String> secretValues) {
        this.secretValues = secretValues;
    }

    /** Drops secret-named variables only: for tools and tests without a configuration. */
    public static ChildEnvironment byName() {
        return new ChildEnvironment(List.of());
    }

    /** Drops secret-named variables and any variable whose value contains one of {@code secrets}. */
    public static ChildEnvironment without(Collection<String> secrets) {
        return new ChildEnvironment(secrets.stream().filter(Objects::nonNull).map(String::strip)
                .filter(s -> s.length() >= MIN_VALUE_LENGTH).distinct().toList());
    }

    /** Removes the secrets from a process builder's environment (a copy of the service's), in place. */
    public void clean(Map<String, String> environment) {
        environment.entrySet().removeIf(e -> isSecret(e.getKey(), e.getValue()));
    }

    boolean isSecret(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (SECRET_NAME_PARTS.stream().anyMatch(upper::contains)
                || SECRET_NAME_PREFIXES.stream().anyMatch(upper::startsWith)) {
            return true;
        }
        return value != null && secretValues.stream().anyMatch(value::contains);
    }
}
