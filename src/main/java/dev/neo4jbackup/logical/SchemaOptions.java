package dev.neo4jbackup.logical;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.neo4jbackup.logical.SchemaEntry.Kind;

/**
 * The allow-list of an entry's options and of a property type constraint's type. Options reach Neo4j as a
 * parameter ({@code OPTIONS $options}), so they cannot become Cypher; they are still checked, key by key and
 * value by value, so that a file holds only what {@code SHOW INDEXES} writes. The property type has no
 * parameter: it must match the grammar of the types 5.26 prints, word by word. Pure: no Neo4j, no I/O.
 */
final class SchemaOptions {

    private static final Map<Kind, Set<String>> PROVIDERS = Map.of(
            Kind.RANGE, Set.of("range-1.0"),
            Kind.TEXT, Set.of("text-2.0", "text-1.0"),
            Kind.POINT, Set.of("point-1.0"),
            Kind.FULLTEXT, Set.of("fulltext-1.0"),
            Kind.VECTOR, Set.of("vector-2.0", "vector-1.0"),
            Kind.LOOKUP, Set.of("token-lookup-1.0"),
            Kind.UNIQUENESS, Set.of("range-1.0"),
            Kind.KEY, Set.of("range-1.0"));

    private static final Set<String> SPATIAL = Set.of("spatial.cartesian.min", "spatial.cartesian.max",
            "spatial.cartesian-3d.min", "spatial.cartesian-3d.max", "spatial.wgs-84.min", "spatial.wgs-84.max",
            "spatial.wgs-84-3d.min", "spatial.wgs-84-3d.max");
    /** Lucene analyzer names as Neo4j lists them ({@code db.index.fulltext.listAvailableAnalyzers}). */
    private static final Pattern ANALYZER = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private static final String SIMPLE = "BOOLEAN|STRING|INTEGER|FLOAT|DATE|LOCAL TIME|ZONED TIME|LOCAL DATETIME"
            + "|ZONED DATETIME|DURATION|POINT";
    private static final String ONE_TYPE = "(?:" + SIMPLE + "|LIST<(?:" + SIMPLE + ") NOT NULL>)";
    /** {@code INTEGER}, {@code STRING | INTEGER}, {@code LIST<FLOAT NOT NULL>}: the forms 5.26 prints. */
    static final Pattern PROPERTY_TYPE = Pattern.compile(ONE_TYPE + "(?: \\| " + ONE_TYPE + ")*");

    private SchemaOptions() {
    }

    /** @return why {@code options} is not what an entry of this kind may carry, or null */
    static String problem(Kind kind, Object options) {
        if (options == null) {
            return null;
        }
        if (!(options instanceof Map<?, ?> map)) {
            return "options is not an object";
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            if ("indexProvider".equals(key)) {
                Set<String> allowed = PROVIDERS.getOrDefault(kind, Set.of());
                if (!allowed.contains(e.getValue())) {
                    return "options.indexProvider " + shown(e.getValue()) + " is not one of " + new java.util.TreeSet<>(
                            allowed) + " for a " + kind + " entry";
                }
            } else if ("indexConfig".equals(key)) {
                String problem = configProblem(kind, e.getValue());
                if (problem != null) {
                    return problem;
                }
            } else {
                return "options." + shown(key) + " is not an option (indexProvider, indexConfig)";
            }
        }
        return null;
    }

    private static String configProblem(Kind kind, Object config) {
        if (!(config instanceof Map<?, ?> map)) {
            return "options.indexConfig is not an object";
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            String problem = switch (kind) {
                case POINT -> SPATIAL.contains(key) ? coordinates(value) : unknown(key, kind);
                case FULLTEXT -> switch (key) {
                    case "fulltext.analyzer" -> value instanceof String s && ANALYZER.matcher(s).matches() ? null
                            : "is not an analyzer name";
                    case "fulltext.eventually_consistent" -> value instanceof Boolean ? null : "is not true or false";
                    default -> unknown(key, kind);
                };
                case VECTOR -> switch (key) {
                    case "vector.dimensions" -> whole(value, 1, 4096);
                    case "vector.similarity_function" -> value instanceof String s && Set.of("COSINE", "EUCLIDEAN")
                            .contains(s.toUpperCase(Locale.ROOT)) ? null : "is not COSINE or EUCLIDEAN";
                    case "vector.quantization.enabled" -> value instanceof Boolean ? null : "is not true or false";
                    case "vector.hnsw.m" -> whole(value, 1, 512);
                    case "vector.hnsw.ef_construction" -> whole(value, 1, 3200);
                    default -> unknown(key, kind);
                };
                default -> unknown(key, kind);
            };
            if (problem != null) {
                return "options.indexConfig." + shown(key) + " " + problem;
            }
        }
        return null;
    }

    private static String unknown(String key, Kind kind) {
        return "is not a setting of a " + kind + " index";
    }

    private static String whole(Object value, long min, long max) {
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
                && ((Number) value).longValue() <= max) {
            return null;
        }
        return "is not a whole number from " + min + " to " + max;
    }

    private static String coordinates(Object value) {
        if (value instanceof List<?> list && (list.size() == 2 || list.size() == 3) && list.stream().allMatch(
                v -> v instanceof Number n && Double.isFinite(n.doubleValue()))) {
            return null;
        }
        return "is not a list of 2 or 3 finite numbers";
    }

    /** @return why {@code type} is not a property type 5.26 prints, or null */
    static String propertyTypeProblem(Object type) {
        if (!(type instanceof String s) || !PROPERTY_TYPE.matcher(s).matches()) {
            return "propertyType " + shown(type) + " is not a property type (e.g. INTEGER, STRING | INTEGER, "
                    + "LIST<FLOAT NOT NULL>)";
        }
        return null;
    }

    static String shown(Object value) {
        return dev.neo4jbackup.neo4j.CypherNames.shown(String.valueOf(value)); // clipped, controls as U+XXXX
    }
}
