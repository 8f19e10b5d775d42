package dev.neo4jbackup.neo4j;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What `dbms.components()` (or `neo4j-admin --version`) says of the server: "5.26.30" for the LTS line,
 * "2025.12.1" for the calendar releases, the edition "community" or "enterprise".
 */
public record Neo4jVersion(String version, String edition) {

    public boolean enterprise() {
        return "enterprise".equalsIgnoreCase(edition);
    }

    /** The release number, when the version reads as one. */
    public Optional<Release> release() {
        return Release.parse(version);
    }

    /**
     * A release number: {@code major.minor[.patch]} with anything after it ignored ("5.26.0-drop01",
     * "2025.12.1-community" as in a Docker tag). From 2025 on, the major is the year and the minor the
     * month: 2025.01 follows 5.26, so plain numeric order is also release order.
     */
    public record Release(int major, int minor, int patch) implements Comparable<Release> {

        private static final Pattern NUMBER = Pattern.compile("^\\s*v?(\\d{1,4})\\.(\\d{1,2})(?:\\.(\\d{1,4}))?");
        private static final Comparator<Release> ORDER = Comparator.comparingInt(Release::major)
                .thenComparingInt(Release::minor).thenComparingInt(Release::patch);

        public static Optional<Release> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            Matcher m = NUMBER.matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
            return Optional.of(new Release(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
        }

        /** 2025.x, 2026.x: the calendar-versioned line (Java 21+). */
        public boolean calendar() {
            return major >= 2025;
        }

        /**
         * The release line, "5.26" or "2025.12": Neo4j's store and transaction log formats change between
         * lines, so a dump loads into its own line or a newer one, never into an older one.
         */
        public String line() {
            return calendar() ? String.format(Locale.ROOT, "%d.%02d", major, minor) : major + "." + minor;
        }

        public boolean newerLineThan(Release other) {
            return major > other.major || (major == other.major && minor > other.minor);
        }

        @Override
        public int compareTo(Release other) {
            return ORDER.compare(this, other);
        }

        @Override
        public String toString() {
            return calendar() ? String.format(Locale.ROOT, "%d.%02d.%d", major, minor, patch)
                    : major + "." + minor + "." + patch;
        }
    }
}
