package dev.neo4jbackup.logical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

/**
 * A property value between Bolt and a JSON line, both ways, without losing its type. JSON's own types
 * (string, integer, float, boolean and arrays of them) need nothing more; every other type is written as
 * APOC writes it (temporals and durations as ISO text, points as {@code {"crs":..,"x":..}}, bytes as
 * base64) and named in the line's {@code types} map, so that the import restores the exact type
 * (docs/logical-format.md).
 */
public final class JsonValues {

    /** One property as written: its JSON value and, when JSON alone cannot tell it, its type's name. */
    public record Encoded(Object json, String type) {
    }

    private static final Pattern DURATION = Pattern.compile("P(-?\\d+)M(-?\\d+)DT(-?\\d+(?:\\.\\d+)?)S");

    private JsonValues() {
    }

    /** The driver's type name, lists as {@code LIST} whatever their element type ({@code LIST OF ANY?}). */
    static String typeName(Value value) {
        String name = value.type().name();
        return name.startsWith("LIST") ? "LIST" : name;
    }

    public static Encoded encode(Value value) {
        switch (typeName(value)) {
            case "LIST" -> {
                List<Object> items = new ArrayList<>();
                String itemType = null;
                for (Value item : value.values()) {
                    Encoded e = encode(item);
                    items.add(e.json());
                    itemType = e.type();
                }
                return new Encoded(items, itemType == null ? null : itemType + "[]");
            }
            default -> {
                return scalar(value);
            }
        }
    }

    private static Encoded scalar(Value value) {
        return switch (typeName(value)) {
            case "STRING" -> new Encoded(value.asString(), null);
            case "INTEGER" -> new Encoded(value.asLong(), null);
            case "FLOAT" -> {
                double d = value.asDouble();
                // JSON has no NaN nor infinity: text, with the type saying it is a double
                yield Double.isFinite(d) ? new Encoded(d, null) : new Encoded(Double.toString(d), "double");
            }
            case "BOOLEAN" -> new Encoded(value.asBoolean(), null);
            case "BYTES" -> new Encoded(Base64.getEncoder().encodeToString(value.asByteArray()), "byte[]");
            case "DATE" -> new Encoded(value.asLocalDate().toString(), "date");
            case "TIME" -> new Encoded(value.asOffsetTime().toString(), "time");
            case "LOCAL_TIME" -> new Encoded(value.asLocalTime().toString(), "localtime");
            case "DATE_TIME" -> new Encoded(value.asZonedDateTime().toString(), "datetime");
            case "LOCAL_DATE_TIME" -> new Encoded(value.asLocalDateTime().toString(), "localdatetime");
            case "DURATION" -> new Encoded(duration(value.asIsoDuration()), "duration");
            case "POINT" -> new Encoded(point(value.asPoint()), "point");
            case "NULL" -> new Encoded(null, null);
            default -> throw new IllegalArgumentException("no JSON form for a property of type " + value.type().name());
        };
    }

    /** {@code P<months>M<days>DT<seconds>S}, seconds exact to the nanosecond (Neo4j's duration() reads it). */
    static String duration(IsoDuration d) {
        BigDecimal seconds = BigDecimal.valueOf(d.seconds()).add(BigDecimal.valueOf(d.nanoseconds(), 9));
        return "P" + d.months() + "M" + d.days() + "DT" + seconds.stripTrailingZeros().toPlainString() + "S";
    }

    /** As APOC writes a point: the CRS by name, x/y/z for cartesian, longitude/latitude/height for WGS-84. */
    static Map<String, Object> point(Point p) {
        Map<String, Object> map = new LinkedHashMap<>();
        boolean three = !Double.isNaN(p.z());
        switch (p.srid()) {
            case 4326, 4979 -> {
                map.put("crs", three ? "wgs-84-3d" : "wgs-84");
                map.put("latitude", p.y());
                map.put("longitude", p.x());
                map.put("height", three ? p.z() : null);
            }
            default -> {
                map.put("crs", p.srid() == 9157 ? "cartesian-3d" : p.srid() == 7203 ? "cartesian" : "srid-" + p.srid());
                map.put("x", p.x());
                map.put("y", p.y());
                map.put("z", three ? p.z() : null);
            }
        }
        return map;
    }

    /**
     * The value to send as a parameter for a JSON value read back; {@code type} is the name the line's
     * {@code types} map gives it (null: JSON's own type).
     */
    public static Object decode(Object json, String type) {
        if (json == null) {
            return null;
        }
        if (type == null) {
            return json instanceof Integer i ? Long.valueOf(i) : json instanceof List<?> list ? list.stream()
                    .map(item -> decode(item, null)).toList() : json;
        }
        if (type.endsWith("[]") && !"byte[]".equals(type)) {
            String item = type.substring(0, type.length() - 2);
            List<Object> items = new ArrayList<>();
            for (Object o : (List<?>) json) {
                items.add(decode(o, item));
            }
            return items;
        }
        String text = json instanceof String s ? s : null;
        return switch (type) {
            case "byte[]" -> Base64.getDecoder().decode(text);
            case "double" -> json instanceof Number n ? n.doubleValue() : Double.valueOf(text);
            case "long" -> ((Number) json).longValue();
            case "string", "boolean" -> json;
            case "date" -> LocalDate.parse(text);
            case "time" -> OffsetTime.parse(text);
            case "localtime" -> LocalTime.parse(text);
            case "datetime" -> ZonedDateTime.parse(text);
            case "localdatetime" -> LocalDateTime.parse(text);
            case "duration" -> parseDuration(text);
            case "point" -> parsePoint((Map<?, ?>) json);
            default -> throw new IllegalArgumentException("unknown property type '" + type + "'");
        };
    }

    static IsoDuration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        BigDecimal total = new BigDecimal(m.group(3));
        BigDecimal whole = total.setScale(0, java.math.RoundingMode.FLOOR);
        int nanos = total.subtract(whole).movePointRight(9).intValueExact();
        return Values.isoDuration(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), whole.longValueExact(),
                nanos).asIsoDuration();
    }

    static Point parsePoint(Map<?, ?> map) {
        String crs = String.valueOf(map.get("crs"));
        return switch (crs) {
            case "wgs-84" -> Values.point(4326, number(map, "longitude"), number(map, "latitude")).asPoint();
            case "wgs-84-3d" -> Values.point(4979, number(map, "longitude"), number(map, "latitude"),
                    number(map, "height")).asPoint();
            case "cartesian" -> Values.point(7203, number(map, "x"), number(map, "y")).asPoint();
            case "cartesian-3d" -> Values.point(9157, number(map, "x"), number(map, "y"), number(map, "z")).asPoint();
            default -> {
                if (crs.startsWith("srid-")) {
                    int srid = Integer.parseInt(crs.substring(5));
                    yield map.get("z") == null ? Values.point(srid, number(map, "x"), number(map, "y")).asPoint()
                            : Values.point(srid, number(map, "x"), number(map, "y"), number(map, "z")).asPoint();
                }
                throw new IllegalArgumentException("unknown point crs '" + crs + "'");
            }
        };
    }

    private static double number(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("point without a numeric " + key);
        }
        return n.doubleValue();
    }

    /**
     * The value with its type as text, for the content fingerprint: a date is not the string of a date, 1
     * is not 1.0, and bytes are their content.
     */
    public static String canonical(Value value) {
        String type = typeName(value);
        return switch (type) {
            case "LIST" -> {
                StringBuilder b = new StringBuilder("[");
                for (Value item : value.values()) {
                    b.append(canonical(item)).append(',');
                }
                yield b.append(']').toString();
            }
            case "BYTES" -> "BYTES:" + HexFormat.of().formatHex(value.asByteArray());
            case "FLOAT" -> "FLOAT:" + Double.toString(value.asDouble());
            case "DURATION" -> {
                IsoDuration d = value.asIsoDuration();
                yield "DURATION:" + d.months() + "," + d.days() + "," + d.seconds() + "," + d.nanoseconds();
            }
            case "POINT" -> {
                Point p = value.asPoint();
                yield "POINT:" + p.srid() + "," + p.x() + "," + p.y() + "," + p.z();
            }
            default -> type + ":" + value.asObject();
        };
    }
}
