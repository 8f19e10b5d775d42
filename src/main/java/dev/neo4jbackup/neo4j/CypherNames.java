package dev.neo4jbackup.neo4j;

import java.util.Optional;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The one place where a name becomes Cypher text. A label, relationship type or property key reaches Neo4j
 * as a parameter wherever Cypher 5.26 takes one ({@code $($labels)}, {@code n[$key]}, {@code CREATE INDEX $name},
 * {@code STOP DATABASE $name}, {@code OPTIONS $options}); only the labels, types and properties of
 * {@code CREATE INDEX} / {@code CREATE CONSTRAINT} and of an index-backed {@code MERGE} have no parameter, and
 * come through {@link #quote}.
 * <p>
 * Backtick quoting is only safe for text whose meaning inside backticks is the text itself. Cypher's lexer
 * turns {@code \u0060} into a backtick before it sees the quotes (measured on 5.26: {@code `a\u0041b`} is the
 * label {@code aAb}), so a backslash can end the quoted name; control characters, bidi controls and unpaired
 * surrogates make a statement that reads differently to a person than to Neo4j. Such a name is refused
 * ({@code NAME_UNSAFE}), never cleaned: a changed name would be a different label.
 */
public final class CypherNames {

    /** Longer names are refused: Neo4j takes megabytes, a schema command of ours has no use for them. */
    public static final int MAX_LENGTH = 16 * 1024;

    private CypherNames() {
    }

    /** {@code `name`} with a backtick doubled; NAME_UNSAFE when the name cannot be proven to read as itself. */
    public static String quote(String name) {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            throw unsafe(name, problem.get());
        }
        return "`" + name.replace("`", "``") + "`";
    }

    /** Why {@code name} cannot be quoted, or empty when it can. Pure: for validators that collect reasons. */
    public static Optional<String> problem(String name) {
        if (name == null) {
            return Optional.of("the name is missing");
        }
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("the name is " + name.length() + " characters long (at most " + MAX_LENGTH + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return Optional.of("it holds a backslash at " + i + " (Cypher reads \\u0060 as a backtick)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                int cp = name.codePointAt(i);
                if (refused(Character.getType(cp))) {
                    return Optional.of("it holds " + describe(cp) + " at " + i);
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return Optional.of("it holds an unpaired surrogate " + describe(c) + " at " + i);
            }
            if (refused(Character.getType(c))) {
                return Optional.of("it holds " + describe(c) + " at " + i);
            }
        }
        return Optional.empty();
    }

    /** Control (NUL, newline, DEL, C1), format (bidi controls such as U+202E, zero-width), unassigned, separators. */
    private static boolean refused(int type) {
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String describe(int codePoint) {
        String kind = switch (Character.getType(codePoint)) {
            case Character.CONTROL -> "the control character";
            case Character.FORMAT -> "the format (bidi or invisible) character";
            case Character.UNASSIGNED -> "the unassigned code point";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "the separator";
            default -> "";
        };
        return (kind.isEmpty() ? "" : kind + " ") + String.format("U+%04X", codePoint);
    }

    /** NAME_UNSAFE with the name shown safely (clipped, every refused character as U+XXXX). */
    public static BackupFailure unsafe(String name, String problem) {
        return new BackupFailure(ErrorCode.NAME_UNSAFE, "The name " + shown(name) + " cannot be written into a "
                + "Cypher schema command safely: " + problem, null, null, null);
    }

    /** A name for a message or a log line: at most 80 characters, control and format characters as U+XXXX. */
    public static String shown(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder("'");
        int shownChars = 0;
        for (int i = 0; i < name.length() && shownChars < 80; ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            if (refused(type) || Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
                b.append(String.format("<U+%04X>", cp));
            } else {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
            shownChars++;
        }
        b.append('\'');
        if (name.codePointCount(0, name.length()) > 80) {
            b.append("... (").append(name.length()).append(" characters)");
        }
        return b.toString();
    }
}
