package dev.neo4jbackup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.ResolvableType;

/**
 * Turns a bad configuration value into the one line an operator needs (property, variable, value,
 * fix) instead of a stack trace. Covers our own validation and values Spring could not convert
 * (an unknown compression, a malformed number or duration). The CLI prints the same line
 * ({@link #describe}), so a setting reads the same whichever of the two meets it.
 */
public class ConfigFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        return describe(failure).map(line -> new FailureAnalysis(line.getMessage(), line.fix(), failure)).orElse(null);
    }

    /** The configuration problem behind {@code failure}, as one {@code CONFIG_INVALID: ...} line, if it is one. */
    public static Optional<ConfigInvalidException> describe(Throwable failure) {
        ConfigInvalidException invalid = find(failure, ConfigInvalidException.class);
        if (invalid != null) {
            return Optional.of(invalid);
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null && bind.getProperty() != null && ours(bind.getName().toString())) {
            String property = bind.getProperty().getName().toString();
            Object value = bind.getProperty().getValue();
            return Optional.of(new ConfigInvalidException(property, value, "cannot be read", fix(bind.getTarget()
                    .getType())));
        }
        return Optional.empty();
    }

    private static boolean ours(String prefix) {
        return prefix.startsWith("backup") || prefix.startsWith("spring.neo4j");
    }

    /** What a valid value looks like, from the type the property binds to. */
    static String fix(ResolvableType type) {
        Class<?> target = type.resolve();
        String list = "";
        if (target != null && Collection.class.isAssignableFrom(target)) {
            target = type.asCollection().getGeneric(0).resolve();
            list = " (a comma list of them)";
        }
        if (target == null) {
            return "use a valid value";
        }
        if (target.isEnum()) {
            return "use one of " + Arrays.toString(target.getEnumConstants()).toLowerCase(Locale.ROOT) + list;
        }
        if (target == ZoneId.class) {
            return "use a time zone id such as UTC or Europe/Berlin" + list;
        }
        if (target == Duration.class) {
            return "use a duration such as 30s, 5m, 2h or 1d" + list;
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "use a whole number, e.g. 5" + list;
        }
        if (target == double.class || target == Double.class) {
            return "use a number with a dot, e.g. 1.5 or 0.20" + list;
        }
        if (target == boolean.class || target == Boolean.class) {
            return "use true or false";
        }
        if (target == Path.class) {
            return "use a path, e.g. /backups" + list;
        }
        return "use a valid value";
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
