package dev.neo4jbackup.logical;

import java.util.Map;

import org.neo4j.driver.Value;

/** About how many bytes of JSON a node's or relationship's properties make, without encoding them: to size pages. */
final class ValueSizes {

    private ValueSizes() {
    }

    static long estimate(Map<String, Value> properties) {
        long bytes = 64;
        for (Map.Entry<String, Value> p : properties.entrySet()) {
            bytes += p.getKey().length() + 4 + estimate(p.getValue());
        }
        return bytes;
    }

    private static long estimate(Value value) {
        return switch (JsonValues.typeName(value)) {
            case "STRING" -> value.asString().length() + 2L;
            case "BYTES" -> value.size() * 4L / 3 + 4;
            case "LIST" -> {
                long sum = 2;
                for (Value item : value.values()) {
                    sum += estimate(item) + 1;
                }
                yield sum;
            }
            default -> 20;
        };
    }
}
