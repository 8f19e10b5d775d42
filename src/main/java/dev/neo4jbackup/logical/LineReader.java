package dev.neo4jbackup.logical;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** One JSON line at a time, with its number for the message when it is not what the format says. */
final class LineReader {

    private final BufferedReader in;
    private long number;

    LineReader(BufferedReader in) {
        this.in = in;
    }

    /** @return the next non-blank line, or null at the end */
    Line next() throws IOException {
        String text;
        do {
            text = in.readLine();
            number++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        Object parsed;
        try {
            parsed = LogicalExporter.LINES.readValue(text, Object.class);
        } catch (RuntimeException e) {
            throw new Line(number, Map.of()).invalid("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new Line(number, Map.of()).invalid("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return new Line(number, typed);
    }

    record Line(long number, Map<String, Object> map) {
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
                    + why);
        }
    }
}
