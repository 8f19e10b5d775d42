package dev.neo4jbackup.signing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One byte sequence per JSON value, whatever whitespace, key order or escapes the file used: what a signature is
 * computed over. Objects with their keys sorted (by UTF-16 code units), no whitespace, strings in ASCII with every
 * other character as a {@code \\uXXXX} escape (so two different strings never give the same bytes), integers as
 * their digits, other numbers as the exact decimal of the value read (never {@link Double#toString}, whose
 * output changed between JDKs), nulls kept. A pure function, no I/O.
 * <p>
 * It runs over the tree the file was parsed into, the same tree the manifest is then bound from: what is verified
 * is what is used. Unknown fields (a newer version's) are covered too, so an older version verifies a newer one's
 * manifest.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        return text(node).getBytes(StandardCharsets.US_ASCII);
    }

    /** The canonical text (ASCII). */
    public static String text(JsonNode node) {
        StringBuilder out = new StringBuilder(2048);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            string(node.asString(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue().toString());
        } else if (node.isNumber()) {
            // the exact value of the double (or decimal) that was read: the same on every JDK
            Number value = node.numberValue();
            BigDecimal exact = value instanceof BigDecimal d ? d : new BigDecimal(value.doubleValue());
            out.append(exact.stripTrailingZeros().toPlainString());
        } else {
            // binary or embedded objects never come out of a parsed file; refuse rather than guess
            throw new IllegalArgumentException("no canonical form for a " + node.getNodeType() + " node");
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
    }
}
