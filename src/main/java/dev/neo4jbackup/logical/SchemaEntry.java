package dev.neo4jbackup.logical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One index or constraint of a logical backup as data: never a statement. The importer rebuilds the
 * {@code CREATE} from these fields ({@link SchemaStatements}), with the name and the options as parameters and
 * the labels, types and properties through the one quoting function; {@link SchemaEntries} decides what a
 * file may hold.
 *
 * @param kind          one of the allow-listed kinds
 * @param name          the index's or constraint's name (a parameter of the rebuilt statement)
 * @param entity        nodes or relationships
 * @param labelsOrTypes the labels (nodes) or relationship types; none for a LOOKUP index
 * @param properties    the property keys, in order; none for a LOOKUP index
 * @param propertyType  the type of a PROPERTY_TYPE constraint ({@code INTEGER}, {@code STRING | INTEGER},
 *                      {@code LIST<FLOAT NOT NULL>}); null for every other kind
 * @param options       {@code indexProvider} and {@code indexConfig} as {@code SHOW INDEXES} gives them; empty
 *                      when there are none
 */
public record SchemaEntry(Kind kind, String name, Entity entity, List<String> labelsOrTypes,
        List<String> properties, String propertyType, Map<String, Object> options) {

    public enum Entity {
        NODE, RELATIONSHIP
    }

    /** The index kinds of {@code SHOW INDEXES}, and the constraint kinds of 5.26 (Community and Enterprise). */
    public enum Kind {
        RANGE(false), TEXT(false), POINT(false), FULLTEXT(false), VECTOR(false), LOOKUP(false),
        UNIQUENESS(true), KEY(true), EXISTENCE(true), PROPERTY_TYPE(true);

        private final boolean constraint;

        Kind(boolean constraint) {
            this.constraint = constraint;
        }

        public boolean constraint() {
            return constraint;
        }

        /** The kind of this exact name, or null. */
        static Kind of(Object name) {
            for (Kind kind : values()) {
                if (kind.name().equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public SchemaEntry {
        labelsOrTypes = labelsOrTypes == null ? List.of() : List.copyOf(labelsOrTypes);
        properties = properties == null ? List.of() : List.copyOf(properties);
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A uniqueness (or key) constraint on one property of one label: the key a merge matches nodes by. */
    public boolean singleNodeKey() {
        return (kind == Kind.UNIQUENESS || kind == Kind.KEY) && entity == Entity.NODE && labelsOrTypes.size() == 1
                && properties.size() == 1;
    }

    /** The entry as the header writes it (docs/logical-format.md). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind.name());
        json.put("name", name);
        json.put("entity", entity.name());
        json.put("labelsOrTypes", labelsOrTypes);
        json.put("properties", properties);
        if (propertyType != null) {
            json.put("propertyType", propertyType);
        }
        json.put("options", options);
        return json;
    }

    /** What an operator reads in a refusal or a log line: kind, name and schema, names shown safely. */
    public String describe() {
        return kind + " " + dev.neo4jbackup.neo4j.CypherNames.shown(name) + " on " + entity.name().toLowerCase(
                java.util.Locale.ROOT) + "s " + labelsOrTypes.stream().map(dev.neo4jbackup.neo4j.CypherNames::shown)
                        .toList() + " " + properties.stream().map(dev.neo4jbackup.neo4j.CypherNames::shown).toList();
    }
}
