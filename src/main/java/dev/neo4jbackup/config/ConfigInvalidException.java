package dev.neo4jbackup.config;

import java.util.Locale;

/**
 * A configuration value the service cannot run with. Its message is the one line an operator sees
 * when start-up fails: the property, its environment variable, the value and the fix.
 */
public class ConfigInvalidException extends RuntimeException {

    private final String property;
    private final String value;
    private final String fix;

    public ConfigInvalidException(String property, Object value, String problem, String fix) {
        super("CONFIG_INVALID: " + property + " (" + envName(property) + ") = '" + value + "': " + problem
                + ". Fix: " + fix);
        this.property = property;
        this.value = String.valueOf(value);
        this.fix = fix;
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
