package dev.neo4jbackup.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration value the service cannot run with. Its message is the one line an operator sees
 * when start-up fails: the property, its environment variable, the value and the fix.
 */
public class ConfigInvalidException extends RuntimeException {

    private final String property;
    private final String value;
    private final String fix;

    public ConfigInvalidException(String property, Object value, String problem, String fix) {
        super("CONFIG_INVALID: " + property + " (" + envName(property) + ") = '" + shown(property, value) + "': "
                + problem + ". Fix: " + fix);
        this.property = property;
        this.value = shown(property, value);
        this.fix = fix;
    }

    /** Names of properties that hold a secret: their value is never shown, whatever it looks like. */
    private static final List<String> SECRET_NAMES = List.of("passw", "pwd", "secret",
            "token", "credential", "accesskey", "privatekey");
    private static final Pattern SCHEME = Pattern.compile(
            "^\\s*([a-zA-Z][a-zA-Z0-9+.-]*://)");
    private static final Pattern USER_INFO = Pattern.compile(
            "([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\\s]*@");

    /**
     * The value as the one line may show it. A secret's is hidden in full; a webhook or ping URL (its token is in
     * its path, query or user info) keeps only its scheme, and is hidden in full without one (a token pasted
     * without https:// is still a token); any other value loses the user info of a URL in it.
     */
    static String shown(String property, Object value) {
        String text = String.valueOf(value);
        if (text.isEmpty() || value == null) {
            return value == null ? "null" : text;
        }
        String name = property.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (SECRET_NAMES.stream().anyMatch(name::contains)) {
            return "(hidden)";
        }
        if (name.contains("notify") && name.contains("url")) {
            Matcher scheme = SCHEME.matcher(text);
            return scheme.find() ? scheme.group(1) + "..." : "(hidden)";
        }
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }

    public String property() {
        return property;
    }

    public String value() {
        return value;
    }

    public String fix() {
        return fix;
    }

    /**
     * The environment variable an operator sets for the property: the documented name where there is one
     * (NEO4J_URI, NEO4J_HOME: {@link EnvironmentAliases}), else the one Spring's relaxed binding maps to
     * it (dashes dropped).
     */
    public static String envName(String property) {
        for (var alias : EnvironmentAliases.ALIASES.entrySet()) {
            if (alias.getValue().equals(property)) {
                return alias.getKey();
            }
        }
        return property.replace("-", "").replace('.', '_').replace("[", "_").replace("]", "")
                .toUpperCase(Locale.ROOT);
    }
}
