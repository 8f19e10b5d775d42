package dev.neo4jbackup.neo4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * What of a webhook or ping URL is its secret, each on its own: the whole URL, its path with the query, the
     * last path segment (Slack's token, a healthchecks.io uuid, an ntfy topic), each query value and the user
     * info. Empty for null; what is too short to be dropped by value is left out by {@link #without}.
     */
    public static List<String> urlSecrets(String url) {
        if (url == null || url.isBlank()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>(List.of(url.strip()));
        Matcher m = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://(?:([^/?#@]*)@)?[^/?#]*"
                + "([^#]*)").matcher(url.strip());
        if (m.find()) {
            if (m.group(1) != null) {
                parts.add(m.group(1));
                int colon = m.group(1).indexOf(':');
                if (colon >= 0) {
                    parts.add(m.group(1).substring(colon + 1));
                }
            }
            String rest = m.group(2);
            if (rest.length() > 1) {
                parts.add(rest);
                int query = rest.indexOf('?');
                String path = query >= 0 ? rest.substring(0, query) : rest;
                String last = path.substring(path.lastIndexOf('/') + 1);
                if (last.length() >= TOKEN_MIN_LENGTH) {
                    parts.add(last);
                }
                if (query >= 0) {
                    for (String pair : rest.substring(query + 1).split("&")) {
                        parts.add(pair.substring(pair.indexOf('=') + 1));
                    }
                }
            }
        }
        return List.copyOf(parts);
    }

    /** A path segment this long is taken for a token ("services" or "hooks" are not dropped everywhere). */
    private static final int TOKEN_MIN_LENGTH = 12;

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
