package dev.neo4jbackup.logical;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

/**
 * Whether a decoded property value is one Neo4j stores: a scalar of a known type, or a list of one such type
 * without nulls (an empty list too). A map that is no point, a nested list, a list of mixed types, a number beyond
 * 64 bits: Neo4j would refuse each with an error in the middle of an import; the proof refuses it with its line
 * before anything is written.
 */
final class StorableValues {

    private static final Set<Class<?>> SCALARS = Set.of(String.class, Long.class, Double.class, Boolean.class,
            byte[].class, LocalDate.class, OffsetTime.class, LocalTime.class, ZonedDateTime.class, LocalDateTime.class);

    private StorableValues() {
    }

    /** @return null when Neo4j stores {@code value} as it is; else why not, for the refusal */
    static String problem(Object value) {
        if (value == null) {
            return "null (a property is absent, never null)";
        }
        if (value instanceof List<?> list) {
            Class<?> first = null;
            for (Object item : list) {
                if (item == null) {
                    return "a list holding null";
                }
                if (item instanceof List<?> || item instanceof java.util.Map<?, ?>) {
                    return "a list holding a " + (item instanceof List<?> ? "list" : "map")
                            + " (Neo4j stores lists of one simple type only)";
                }
                String scalar = scalarProblem(item);
                if (scalar != null) {
                    return "a list holding " + scalar;
                }
                Class<?> kind = kindOf(item);
                if (first != null && first != kind) {
                    return "a list of mixed types (" + first.getSimpleName() + " and " + kind.getSimpleName() + ")";
                }
                first = kind;
            }
            return null;
        }
        return scalarProblem(value);
    }

    private static String scalarProblem(Object value) {
        if (kindOf(value) != null) {
            return null;
        }
        if (value instanceof java.math.BigInteger || value instanceof java.math.BigDecimal) {
            return "the number " + shown(value) + ", beyond Neo4j's 64-bit integers and floats";
        }
        if (value instanceof java.util.Map<?, ?>) {
            return "a map (Neo4j stores no map as a property; a point is a map with a 'crs')";
        }
        return "a value of type " + value.getClass().getSimpleName();
    }

    private static Class<?> kindOf(Object value) {
        if (SCALARS.contains(value.getClass())) {
            return value.getClass();
        }
        if (value instanceof IsoDuration) {
            return IsoDuration.class;
        }
        if (value instanceof Point) {
            return Point.class;
        }
        return null;
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
