package dev.neo4jbackup.logical;

import org.neo4j.driver.Value;

/** The header's type map names JSON's own types too, as the line's {@code types} names the others. */
final class TypeNames {

    private TypeNames() {
    }

    static String of(Value value) {
        return switch (JsonValues.typeName(value)) {
            case "STRING" -> "string";
            case "INTEGER" -> "long";
            case "FLOAT" -> "double";
            case "BOOLEAN" -> "boolean";
            case "LIST" -> value.size() == 0 ? "[]" : of(value.get(0)) + "[]";
            default -> value.type().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
