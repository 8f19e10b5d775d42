package dev.neo4jbackup.logical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.neo4jbackup.logical.SchemaEntry.Entity;
import dev.neo4jbackup.logical.SchemaEntry.Kind;
import dev.neo4jbackup.neo4j.CypherNames;

/**
 * The {@code CREATE ... IF NOT EXISTS} of one {@link SchemaEntry}, built from fixed words for its kind: the
 * name as {@code $name}, the options as {@code $options}, the labels, types and properties through
 * {@link CypherNames#quote} (schema commands have no parameter for them), a property type only after it matched
 * its grammar. What comes out is checked against the one shape these words can make before it is returned, so
 * that nothing but an index or constraint of the named database is ever created from a file.
 */
final class SchemaStatements {

    /** A statement and its parameters. */
    record Statement(String text, Map<String, Object> parameters) {
    }

    /** Possessive: a 16 K name is matched without the regex engine's recursion per character. */
    private static final String Q = "`(?:[^`\\\\]++|``)++`";
    private static final Pattern SHAPE = Pattern.compile("CREATE (?:(?:RANGE|TEXT|POINT|FULLTEXT|VECTOR|LOOKUP) INDEX"
            + "|CONSTRAINT) \\$name IF NOT EXISTS FOR (?:\\(n(?::" + Q + "(?:\\|" + Q + ")*)?\\)|\\(\\)-\\[r(?::" + Q
            + ")?\\]-\\(\\)) (?:ON (?:EACH labels\\(n\\)|EACH type\\(r\\)|EACH \\[[nr]\\." + Q + "(?:, [nr]\\." + Q
            + ")*\\]|\\([nr]\\." + Q + "(?:, [nr]\\." + Q + ")*\\))|REQUIRE \\([nr]\\." + Q + "(?:, [nr]\\." + Q
            + ")*\\) IS (?:UNIQUE|NODE KEY|RELATIONSHIP KEY|NOT NULL|:: " + SchemaOptions.PROPERTY_TYPE.pattern()
            + "))(?: OPTIONS \\$options)?");

    private SchemaStatements() {
    }

    /** @throws dev.neo4jbackup.error.BackupFailure NAME_UNSAFE for a name the quoting function refuses */
    static Statement create(SchemaEntry e) {
        String v = e.entity() == Entity.NODE ? "n" : "r";
        StringBuilder s = new StringBuilder("CREATE ");
        s.append(e.kind().constraint() ? "CONSTRAINT" : e.kind().name() + " INDEX");
        s.append(" $name IF NOT EXISTS FOR ");
        if (e.kind() == Kind.LOOKUP) {
            s.append(e.entity() == Entity.NODE ? "(n) ON EACH labels(n)" : "()-[r]-() ON EACH type(r)");
        } else {
            List<String> quoted = e.labelsOrTypes().stream().map(CypherNames::quote).toList();
            s.append(e.entity() == Entity.NODE ? "(n:" + String.join("|", quoted) + ")"
                    : "()-[r:" + String.join("|", quoted) + "]-()");
            String props = String.join(", ", e.properties().stream().map(p -> v + "." + CypherNames.quote(p)).toList());
            if (e.kind().constraint()) {
                s.append(" REQUIRE (").append(props).append(") IS ").append(switch (e.kind()) {
                    case UNIQUENESS -> "UNIQUE";
                    case KEY -> e.entity() == Entity.NODE ? "NODE KEY" : "RELATIONSHIP KEY";
                    case EXISTENCE -> "NOT NULL";
                    case PROPERTY_TYPE -> ":: " + e.propertyType();
                    default -> throw new IllegalStateException(e.kind().name());
                });
            } else if (e.kind() == Kind.FULLTEXT) {
                s.append(" ON EACH [").append(props).append("]");
            } else {
                s.append(" ON (").append(props).append(")");
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("name", e.name());
        if (!e.options().isEmpty()) {
            s.append(" OPTIONS $options");
            parameters.put("options", e.options());
        }
        String text = s.toString();
        if (!SHAPE.matcher(text).matches()) {
            // unreachable while the words above and CypherNames agree; a guard against a later change of either
            throw new IllegalStateException("a schema statement left its shape: " + CypherNames.shown(text));
        }
        return new Statement(text, parameters);
    }
}
