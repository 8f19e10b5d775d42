package dev.neo4jbackup.logical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.neo4jbackup.logical.SchemaEntry.Entity;
import dev.neo4jbackup.logical.SchemaEntry.Kind;

/**
 * Format 1 headers held Neo4j's own {@code createStatement}s. Such a text is never run: it is read against the
 * exact forms Neo4j 5.26 prints (measured with every index kind and the uniqueness constraint of Community,
 * the key, existence and type constraints of Enterprise), left to right, and becomes a {@link SchemaEntry}, or
 * is refused at the first character that is not one of them:
 * <pre>
 * CREATE RANGE|TEXT|POINT|VECTOR INDEX `n` FOR (n:`L`) ON (n.`p`[, n.`q`]) [OPTIONS {...}]
 * CREATE RANGE|TEXT|POINT|VECTOR INDEX `n` FOR ()-[r:`T`]-() ON (r.`p`[, r.`q`]) [OPTIONS {...}]
 * CREATE FULLTEXT INDEX `n` FOR (n:`L`[|`M`]) ON EACH [n.`p`[, n.`q`]] OPTIONS {...}
 * CREATE LOOKUP INDEX `n` FOR (n) ON EACH labels(n)          CREATE LOOKUP INDEX `n` FOR ()-[r]-() ON EACH type(r)
 * CREATE CONSTRAINT `n` FOR (n:`L`) REQUIRE (n.`p`[, n.`q`]) IS UNIQUE|NODE KEY|NOT NULL|:: TYPE [OPTIONS {...}]
 * CREATE CONSTRAINT `n` FOR ()-[r:`T`]-() REQUIRE (r.`p`[, ...]) IS UNIQUE|RELATIONSHIP KEY|NOT NULL|:: TYPE
 * </pre>
 * A quoted name is a backtick, then characters with a backtick doubled, then a backtick; an OPTIONS map holds
 * backticked or plain keys, numbers, true or false, quoted text without quotes or backslashes, lists and maps.
 */
final class LegacySchema {

    /** A statement of many 16 K names is still far below this. */
    static final int MAX_CHARS = 1 << 20;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String text;
    private int at;

    private LegacySchema(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException saying where the statement leaves the forms above */
    static SchemaEntry parse(Object statement) {
        if (!(statement instanceof String s)) {
            throw new IllegalArgumentException("is not a create statement but " + SchemaOptions.shown(statement));
        }
        if (s.length() > MAX_CHARS) {
            throw new IllegalArgumentException("is " + s.length() + " characters long (at most " + MAX_CHARS + ")");
        }
        return new LegacySchema(s).statement();
    }

    private SchemaEntry statement() {
        expect("CREATE ");
        if (take("CONSTRAINT ")) {
            return constraint();
        }
        Kind kind = null;
        for (Kind k : List.of(Kind.RANGE, Kind.TEXT, Kind.POINT, Kind.FULLTEXT, Kind.VECTOR, Kind.LOOKUP)) {
            if (take(k.name() + " INDEX ")) {
                kind = k;
                break;
            }
        }
        if (kind == null) {
            throw off("CONSTRAINT or an index kind (RANGE, TEXT, POINT, FULLTEXT, VECTOR, LOOKUP) followed by INDEX");
        }
        String name = quoted();
        expect(" FOR ");
        if (kind == Kind.LOOKUP) {
            Entity entity = take("(n) ON EACH labels(n)") ? Entity.NODE : null;
            if (entity == null) {
                expect("()-[r]-() ON EACH type(r)");
                entity = Entity.RELATIONSHIP;
            }
            return new SchemaEntry(kind, name, entity, List.of(), List.of(), null, options());
        }
        Entity entity = take("(n:") ? Entity.NODE : null;
        if (entity == null) {
            expect("()-[r:");
            entity = Entity.RELATIONSHIP;
        }
        List<String> labels = new ArrayList<>(List.of(quoted()));
        while (kind == Kind.FULLTEXT && take("|")) {
            labels.add(quoted());
        }
        expect(entity == Entity.NODE ? ")" : "]-()");
        String variable = entity == Entity.NODE ? "n" : "r";
        List<String> properties;
        if (kind == Kind.FULLTEXT) {
            expect(" ON EACH [");
            properties = properties(variable, "]");
        } else {
            expect(" ON (");
            properties = properties(variable, ")");
        }
        return new SchemaEntry(kind, name, entity, labels, properties, null, options());
    }

    private SchemaEntry constraint() {
        String name = quoted();
        expect(" FOR ");
        Entity entity = take("(n:") ? Entity.NODE : null;
        if (entity == null) {
            expect("()-[r:");
            entity = Entity.RELATIONSHIP;
        }
        String label = quoted();
        expect(entity == Entity.NODE ? ")" : "]-()");
        String variable = entity == Entity.NODE ? "n" : "r";
        expect(" REQUIRE (");
        List<String> properties = properties(variable, ")");
        expect(" IS ");
        Kind kind;
        String type = null;
        if (take("UNIQUE")) {
            kind = Kind.UNIQUENESS;
        } else if (take(entity == Entity.NODE ? "NODE KEY" : "RELATIONSHIP KEY")) {
            kind = Kind.KEY;
        } else if (take("NOT NULL")) {
            kind = Kind.EXISTENCE;
        } else if (take(":: ")) {
            kind = Kind.PROPERTY_TYPE;
            Matcher m = SchemaOptions.PROPERTY_TYPE.matcher(text).region(at, text.length());
            if (!m.lookingAt()) {
                throw off("a property type");
            }
            type = m.group();
            at = m.end();
        } else {
            throw off("UNIQUE, " + (entity == Entity.NODE ? "NODE" : "RELATIONSHIP") + " KEY, NOT NULL or :: TYPE");
        }
        return new SchemaEntry(kind, name, entity, List.of(label), properties, type, options());
    }

    private List<String> properties(String variable, String close) {
        List<String> properties = new ArrayList<>();
        do {
            expect(variable + ".");
            properties.add(quoted());
        } while (take(", "));
        expect(close);
        return properties;
    }

    /** {@code OPTIONS {...}} to the end, or the end itself. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> options() {
        Map<String, Object> options = Map.of();
        if (take(" OPTIONS ")) {
            options = (Map<String, Object>) map();
        }
        if (at != text.length()) {
            throw off("the end of the statement");
        }
        return options;
    }

    private Object value() {
        if (peek('{')) {
            return map();
        }
        if (take("[")) {
            List<Object> list = new ArrayList<>();
            if (!take("]")) {
                do {
                    list.add(value());
                } while (take(", ") || take(","));
                expect("]");
            }
            return list;
        }
        if (take("'")) {
            int end = text.indexOf('\'', at);
            if (end < 0 || text.substring(at, end).indexOf('\\') >= 0) {
                throw off("quoted text without a backslash");
            }
            String s = text.substring(at, end);
            at = end + 1;
            return s;
        }
        if (take("true")) {
            return Boolean.TRUE;
        }
        if (take("false")) {
            return Boolean.FALSE;
        }
        Matcher m = NUMBER.matcher(text).region(at, text.length());
        if (!m.lookingAt()) {
            throw off("a value (a number, true, false, 'text', a list or a map)");
        }
        at = m.end();
        String n = m.group();
        return m.group(1) == null && m.group(2) == null ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    }

    private Object map() {
        expect("{");
        Map<String, Object> map = new LinkedHashMap<>();
        if (take("}")) {
            return map;
        }
        do {
            String key;
            if (peek('`')) {
                key = quoted();
            } else {
                Matcher m = WORD.matcher(text).region(at, text.length());
                if (!m.lookingAt()) {
                    throw off("an option's name");
                }
                key = m.group();
                at = m.end();
            }
            expect(": ");
            map.put(key, value());
        } while (take(", ") || take(","));
        expect("}");
        return map;
    }

    /** {@code `name`} with doubled backticks, as Neo4j prints a name; returns the name itself. */
    private String quoted() {
        expect("`");
        StringBuilder name = new StringBuilder();
        while (true) {
            int tick = text.indexOf('`', at);
            if (tick < 0) {
                throw off("the closing backtick of a name");
            }
            name.append(text, at, tick);
            at = tick + 1;
            if (take("`")) {
                name.append('`');
            } else {
                return name.toString();
            }
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private boolean take(String literal) {
        if (text.startsWith(literal, at)) {
            at += literal.length();
            return true;
        }
        return false;
    }

    private void expect(String literal) {
        if (!take(literal)) {
            throw off("'" + literal + "'");
        }
    }

    private IllegalArgumentException off(String expected) {
        String near = text.substring(at, Math.min(text.length(), at + 40));
        return new IllegalArgumentException("is not a create statement Neo4j 5.26 prints: at character " + at
                + " expected " + expected + ", found " + (near.isEmpty() ? "the end" : SchemaOptions.shown(near)));
    }
}
