package dev.neo4jbackup.config;

import java.util.Arrays;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a bad configuration value into the one line an operator needs (property, variable, value,
 * fix) instead of a stack trace. Covers our own validation and values Spring could not convert
 * (an unknown compression, a malformed duration).
 */
public class ConfigFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        ConfigInvalidException invalid = find(failure, ConfigInvalidException.class);
        if (invalid != null) {
            return new FailureAnalysis(invalid.getMessage(), invalid.fix(), invalid);
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null && bind.getProperty() != null && bind.getName().toString().startsWith("backup")) {
            String property = bind.getProperty().getName().toString();
            Object value = bind.getProperty().getValue();
            Class<?> target = bind.getTarget().getType().resolve();
            String fix = "use a valid value";
            if (target != null && target.isEnum()) {
                fix = "use one of " + Arrays.toString(target.getEnumConstants()).toLowerCase();
            } else if (target == java.time.ZoneId.class) {
                fix = "use a time zone id such as UTC or Europe/Berlin";
            } else if (target == java.time.Duration.class) {
                fix = "use a duration such as 30s, 5m, 2h or 1d";
            }
            ConfigInvalidException line = new ConfigInvalidException(property, value, "cannot be read", fix);
            return new FailureAnalysis(line.getMessage(), fix, failure);
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
