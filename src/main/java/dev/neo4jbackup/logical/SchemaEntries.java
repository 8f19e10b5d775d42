package dev.neo4jbackup.logical;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.SchemaEntry.Entity;
import dev.neo4jbackup.logical.SchemaEntry.Kind;
import dev.neo4jbackup.neo4j.CypherNames;

/**
 * What the {@code schema} of a logical backup's header may hold, decided before anything is written: a pure
 * validator (no Neo4j, no I/O) that a restore, a validation or a proof pass over the whole file can call. A
 * header of format 2 holds each index and constraint as fields; one of format 1 holds Neo4j's create
 * statements, which are parsed against the exact forms 5.26 prints ({@link LegacySchema}), never run. Every
 * entry must be of an allow-listed kind with names the one quoting function accepts; anything else is
 * {@link Refused} with where it is and why.
 */
public final class SchemaEntries {

    /** More entries than any schema of ours: a header beyond it is not a backup's. */
    public static final int MAX_ENTRIES = 10_000;
    private static final int MAX_PROPERTIES = 64;
    private static final Set<String> ENTRY_FIELDS = Set.of("kind", "name", "entity", "labelsOrTypes", "properties",
            "propertyType", "options");

    /** The outcome of {@link #parse}: the entries, or the refusal. */
    public sealed interface Result permits Accepted, Refused {
    }

    /** Every entry passed: constraints first (the import creates them before the nodes), then the indexes. */
    public record Accepted(List<SchemaEntry> constraints, List<SchemaEntry> indexes) implements Result {
        public Accepted {
            constraints = List.copyOf(constraints);
            indexes = List.copyOf(indexes);
        }
    }

    /** @param where e.g. {@code schema.indexes[2]}; @param reason why, names shown safely */
    public record Refused(String where, String reason) implements Result {
        /** LOGICAL_FORMAT_INVALID naming the header line, where and why; nothing was written. */
        public BackupFailure failure() {
            return new BackupFailure(ErrorCode.LOGICAL_FORMAT_INVALID, "Line 1 (the header) of the logical backup: "
                    + where + ": " + reason + "; refused before anything was written");
        }
    }

    private SchemaEntries() {
    }

    /**
     * @param schema  the header's {@code schema} value (null when it has none: nothing to create)
     * @param version the header's format version: 2 for fields, 1 for statements
     */
    public static Result parse(Object schema, int version) {
        if (schema == null) {
            return new Accepted(List.of(), List.of());
        }
        if (!(schema instanceof Map<?, ?> map)) {
            return new Refused("schema", "is not an object");
        }
        for (Object key : map.keySet()) {
            if (!"constraints".equals(key) && !"indexes".equals(key)) {
                return new Refused("schema", "holds " + SchemaOptions.shown(key) + " (only constraints and indexes)");
            }
        }
        List<SchemaEntry> constraints = new ArrayList<>();
        List<SchemaEntry> indexes = new ArrayList<>();
        Refused refused = list(map.get("constraints"), "constraints", true, version, constraints);
        if (refused == null) {
            refused = list(map.get("indexes"), "indexes", false, version, indexes);
        }
        if (refused != null) {
            return refused;
        }
        Set<String> names = new HashSet<>();
        for (SchemaEntry e : concat(constraints, indexes)) {
            if (!names.add(e.name())) {
                return new Refused("schema", "the name " + CypherNames.shown(e.name()) + " is given twice");
            }
        }
        return new Accepted(constraints, indexes);
    }

    private static Refused list(Object value, String what, boolean constraintList, int version,
            List<SchemaEntry> into) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            return new Refused("schema." + what, "is not a list");
        }
        if (list.size() > MAX_ENTRIES) {
            return new Refused("schema." + what, "holds " + list.size() + " entries (at most " + MAX_ENTRIES + ")");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "schema." + what + "[" + i + "]";
            Object item = list.get(i);
            SchemaEntry entry;
            try {
                entry = version >= 2 ? fromJson(item) : LegacySchema.parse(item);
            } catch (IllegalArgumentException bad) {
                return new Refused(where, bad.getMessage());
            }
            String problem = problem(entry);
            if (problem == null && entry.kind().constraint() != constraintList) {
                problem = "a " + entry.kind() + (constraintList ? " index is not a constraint" : " constraint is not an index");
            }
            if (problem != null) {
                return new Refused(where, problem);
            }
            into.add(entry);
        }
        return null;
    }

    /** A format 2 entry: exactly the fields of {@link SchemaEntry#toJson}, each of its type. */
    static SchemaEntry fromJson(Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("is not an object but " + SchemaOptions.shown(item));
        }
        for (Object key : map.keySet()) {
            if (!ENTRY_FIELDS.contains(key)) {
                throw new IllegalArgumentException("holds the field " + SchemaOptions.shown(key) + " (only "
                        + new java.util.TreeSet<>(ENTRY_FIELDS) + ")");
            }
        }
        Kind kind = Kind.of(map.get("kind"));
        if (kind == null) {
            throw new IllegalArgumentException("kind " + SchemaOptions.shown(map.get("kind")) + " is not one of "
                    + java.util.Arrays.toString(Kind.values()));
        }
        Object entity = map.get("entity");
        if (!"NODE".equals(entity) && !"RELATIONSHIP".equals(entity)) {
            throw new IllegalArgumentException("entity " + SchemaOptions.shown(entity) + " is not NODE or RELATIONSHIP");
        }
        if (!(map.get("name") instanceof String name)) {
            throw new IllegalArgumentException("name is not text");
        }
        Object options = map.get("options");
        String optionsProblem = SchemaOptions.problem(kind, options);
        if (optionsProblem != null) {
            throw new IllegalArgumentException(optionsProblem);
        }
        Object type = map.get("propertyType");
        if (type != null && !(type instanceof String)) {
            throw new IllegalArgumentException("propertyType is not text");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typedOptions = options == null ? Map.of() : (Map<String, Object>) options;
        return new SchemaEntry(kind, name, Entity.valueOf((String) entity), names(map.get("labelsOrTypes"),
                "labelsOrTypes"), names(map.get("properties"), "properties"), (String) type, typedOptions);
    }

    private static List<String> names(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new IllegalArgumentException(what + " is not a list of names");
        }
        return list.stream().map(String.class::cast).toList();
    }

    /**
     * @return why the entry cannot be rebuilt as a statement, or null. The export asks this of every entry it
     *         writes (a backup that could not be restored is refused when it is taken), the import of every entry
     *         it reads.
     */
    public static String problem(SchemaEntry e) {
        String name = nameProblem(e.name());
        if (name != null) {
            return name;
        }
        boolean lookup = e.kind() == Kind.LOOKUP;
        int labels = e.labelsOrTypes().size();
        int props = e.properties().size();
        if (lookup && (labels != 0 || props != 0)) {
            return "a LOOKUP index names no labels, types nor properties";
        }
        if (!lookup && (labels == 0 || labels > 1 && e.kind() != Kind.FULLTEXT)) {
            return "a " + e.kind() + " entry names " + (labels == 0 ? "no" : labels) + " labels or types"
                    + (e.kind() == Kind.FULLTEXT ? " (at least one)" : " (exactly one)");
        }
        boolean single = switch (e.kind()) {
            case TEXT, POINT, VECTOR, EXISTENCE, PROPERTY_TYPE -> true;
            default -> false;
        };
        if (!lookup && (props == 0 || single && props > 1 || props > MAX_PROPERTIES)) {
            return "a " + e.kind() + " entry names " + props + " properties (" + (single ? "exactly one"
                    : "1 to " + MAX_PROPERTIES) + ")";
        }
        for (String n : concat(e.labelsOrTypes(), e.properties())) {
            java.util.Optional<String> unsafe = CypherNames.problem(n);
            if (unsafe.isPresent()) {
                return "the name " + CypherNames.shown(n) + " is refused: " + unsafe.get();
            }
        }
        if (new HashSet<>(e.properties()).size() != props || new HashSet<>(e.labelsOrTypes()).size() != labels) {
            return "a name is given twice";
        }
        if (e.kind() == Kind.PROPERTY_TYPE) {
            return SchemaOptions.propertyTypeProblem(e.propertyType());
        }
        if (e.propertyType() != null) {
            return "propertyType is only for a PROPERTY_TYPE constraint";
        }
        return SchemaOptions.problem(e.kind(), e.options());
    }

    /** The name travels as a parameter; Neo4j refuses an empty one or one with NUL, and ours are short. */
    private static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "the entry has no name";
        }
        if (name.length() > CypherNames.MAX_LENGTH || name.indexOf('\0') >= 0) {
            return "the name " + CypherNames.shown(name) + " is longer than " + CypherNames.MAX_LENGTH
                    + " characters or holds NUL";
        }
        return null;
    }

    /** Label to its single-property uniqueness (or key) constraint's property: what a merge matches nodes by. */
    public static Map<String, String> uniqueKeys(List<SchemaEntry> constraints) {
        Map<String, String> keys = new HashMap<>();
        for (SchemaEntry c : constraints) {
            if (c.singleNodeKey()) {
                keys.putIfAbsent(c.labelsOrTypes().get(0), c.properties().get(0));
            }
        }
        return keys;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
