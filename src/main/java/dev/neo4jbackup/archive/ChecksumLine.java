package dev.neo4jbackup.archive;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The `<hex>  <file>` line of a `.sha256` sidecar, in the format `sha256sum -c` reads. */
public record ChecksumLine(String sha256, String fileName) {

    private static final Pattern LINE = Pattern.compile("^([0-9a-f]{64}) [ *](.+)$");

    public String format() {
        return sha256 + "  " + fileName + "\n";
    }

    public static ChecksumLine parse(String text) {
        Matcher m = LINE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a sha256sum line: " + text.strip());
        }
        return new ChecksumLine(m.group(1), m.group(2));
    }
}
