package dev.neo4jbackup.logical;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * One JSON line at a time, each at most {@code maxLineBytes} long ({@link BoundedLines}), with its number and size
 * for the message when it is not what the format says and for the batches sized by bytes.
 */
final class LineReader implements java.io.Closeable {

    private final BoundedLines in;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = new BoundedLines(in, maxLineBytes);
    }

    /** @return the next non-blank line, or null at the end */
    Line next() throws IOException {
        if (!in.next()) {
            return null;
        }
        long number = in.number();
        Object parsed;
        try {
            parsed = LogicalExporter.LINES.readValue(in.bytes(), 0, in.length(), Object.class);
        } catch (RuntimeException e) {
            throw new Line(number, Map.of(), in.length()).invalid("not JSON: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""));
        } catch (StackOverflowError e) {
            throw new Line(number, Map.of(), in.length()).invalid("nested too deeply to be a line of this format");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new Line(number, Map.of(), in.length()).invalid("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return new Line(number, typed, in.length());
    }

    /** Bytes read so far. */
    long bytesRead() {
        return in.bytesRead();
    }

    /** The longest line so far, in bytes. */
    int longest() {
        return in.longest();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** @param bytes the line's length in the file */
    record Line(long number, Map<String, Object> map, int bytes) {
        boolean isMeta() {
            return "meta".equals(map.get("type"));
        }

        boolean isNode() {
            return "node".equals(map.get("type"));
        }

        boolean isRelationship() {
            return "relationship".equals(map.get("type"));
        }

        String id() {
            Object id = map.get("id");
            if (id == null) {
                throw invalid("no id");
            }
            return String.valueOf(id);
        }

        @SuppressWarnings("unchecked")
        List<String> labels() {
            Object labels = map.get("labels");
            if (labels == null) {
                return List.of();
            }
            if (!(labels instanceof List<?> list) || list.stream().anyMatch(l -> !(l instanceof String))) {
                throw invalid("labels is not a list of names");
            }
            List<String> sorted = new java.util.ArrayList<>((List<String>) list);
            sorted.forEach(l -> token(l, "a label"));
            sorted.sort(null);
            return sorted;
        }

        String relationshipType() {
            Object label = map.get("label");
            if (!(label instanceof String s) || s.isEmpty()) {
                throw invalid("a relationship without its type (label)");
            }
            return token(s, "the relationship type");
        }

        /** An id as the number it is (the node's or relationship's id in its database, written as text). */
        long number(String id, String what) {
            try {
                return Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw invalid(what + " " + dev.neo4jbackup.neo4j.CypherNames.shown(id.length() > 40 ? id.substring(0,
                        40) + "..." : id) + " is not a whole number (the id it had in its database)");
            }
        }

        String endId(String which) {
            if (!(map.get(which) instanceof Map<?, ?> end) || end.get("id") == null) {
                throw invalid("a relationship without its " + which + " node's id");
            }
            return String.valueOf(end.get("id"));
        }

        /** The properties as the driver sends them, each with the type the line's {@code types} names. */
        Map<String, Object> properties() {
            Object props = map.get("properties");
            if (props == null) {
                return Map.of();
            }
            if (!(props instanceof Map<?, ?> p)) {
                throw invalid("properties is not an object");
            }
            Map<?, ?> types = map.get("types") instanceof Map<?, ?> t ? t : Map.of();
            Map<String, Object> decoded = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : p.entrySet()) {
                Object type = types.get(e.getKey());
                String key = token(String.valueOf(e.getKey()), "a property key");
                try {
                    Object value = JsonValues.decode(e.getValue(), type == null ? null : String.valueOf(type));
                    if (value instanceof Map<?, ?> apocPoint && apocPoint.containsKey("crs")) {
                        value = JsonValues.parsePoint(apocPoint); // APOC's own files name no types
                    }
                    String unstorable = StorableValues.problem(value);
                    if (unstorable != null) {
                        throw new IllegalArgumentException(unstorable);
                    }
                    decoded.put(key, value);
                } catch (RuntimeException bad) {
                    throw invalid("property " + dev.neo4jbackup.neo4j.CypherNames.shown(key) + ": " + bad.getMessage());
                }
            }
            return decoded;
        }

        /**
         * A name reaches Neo4j as a parameter, so any text is safe; Neo4j refuses an empty one or one with NUL, and
         * that is said here with the line's number rather than by a failed write.
         */
        String token(String name, String what) {
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw invalid(what + " " + dev.neo4jbackup.neo4j.CypherNames.shown(name) + " is empty or holds NUL, "
                        + "which Neo4j refuses as a name");
            }
            return name;
        }

        BackupFailure invalid(String why) {
            return new BackupFailure(ErrorCode.LOGICAL_FORMAT_INVALID, "Line " + number + " of the logical backup: "
                    + why, "Line: " + number, ErrorCode.LOGICAL_FORMAT_INVALID.action(), null);
        }
    }
}
