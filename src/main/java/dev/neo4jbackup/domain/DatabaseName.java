package dev.neo4jbackup.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Neo4j's naming rule for databases, the one rule every edge checks (configuration, the CLI's
 * {@code --database}, the API's {@code ?database=} and request bodies) and backup ids are parsed with:
 * 3 to 63 characters, an ASCII letter first, then lower-case letters, digits, dots and dashes. Neo4j
 * folds names to lower case, so {@code NEO4J} would dump {@code neo4j} into an archive named
 * {@code NEO4J-...} that no listing, prune or restore can see: it is refused with the folded name.
 */
public final class DatabaseName {

    /** The name as a regular expression, for patterns that embed it (backup ids). */
    public static final String REGEX = "[a-z][a-z0-9.\\-]{2,62}";
    private static final Pattern PATTERN = Pattern.compile(REGEX);
    public static final String RULE = "3-63 letters, digits, dots or dashes, starting with a letter, in lower case";

    private DatabaseName() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /** The name Neo4j would use for {@code raw} (trimmed, lower case), when that one is valid. */
    public static Optional<String> folded(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String folded = raw.trim().toLowerCase(Locale.ROOT);
        return isValid(folded) ? Optional.of(folded) : Optional.empty();
    }

    /** {@code name} itself, or {@link Invalid} saying why not and, where there is one, the name meant. */
    public static String require(String name) {
        if (isValid(name)) {
            return name;
        }
        throw new Invalid(problem(name));
    }

    /** Why {@code name} is refused, with a did-you-mean when folding it gives a valid name. */
    public static String problem(String name) {
        String shown = name == null ? "" : name;
        String problem = "'" + shown + "' is not a Neo4j database name (" + RULE + ")";
        Optional<String> meant = folded(name).filter(f -> !f.equals(name));
        return meant.map(m -> problem + "; did you mean '" + m + "'? (Neo4j folds names to lower case)")
                .orElse(problem);
    }

    /** A database name refused at an edge: a usage error, never a run. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }

        public String action() {
            return "Use a database name as Neo4j spells it (SHOW DATABASES), e.g. neo4j or system";
        }
    }
}
