package dev.neo4jbackup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The second test Neo4j home: the newest 2025.x calendar release, assembled by {@code -Dneo4j2025=true} into
 * target/neo4j-home-2025, whose launchers run on the JDK named in its JAVA_HOME file (Java 21+; the tests
 * stay on Java 17). A test that needs it is skipped, saying why, when the home was not assembled (not asked
 * for, or Maven Central did not serve the distribution) or its JDK is missing or too old.
 */
public final class CalendarHome {

    /** The JUnit tag of the tests that need this home: only the neo4j2025 profile runs them. */
    public static final String TAG = "neo4j2025";
    static final int MIN_JAVA = 21;
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private CalendarHome() {
    }

    /** The home, or the test is skipped with the reason. */
    public static Path require() {
        Path home = Path.of(System.getProperty("neo4j2025.home", "target/neo4j-home-2025")).toAbsolutePath();
        Optional<String> missing = whyMissing(home);
        Assumptions.assumeTrue(missing.isEmpty(), () -> "Neo4j 2025.x tests skipped: " + missing.orElseThrow());
        return home;
    }

    /** What keeps the home from running here, if anything. */
    static Optional<String> whyMissing(Path home) {
        if (!Files.isDirectory(home.resolve("lib")) || !Files.isRegularFile(home.resolve("VERSION"))) {
            return Optional.of("no Neo4j home at " + home + " (assemble it with ./mvnw -Dneo4j2025=true test; "
                    + "when Maven Central did not serve the distribution, target/neo4j-home-2025-build/build.log "
                    + "says which artifact was missing)");
        }
        String javaHome = read(home.resolve("JAVA_HOME")).strip();
        if (javaHome.isEmpty()) {
            return Optional.of(home + "/JAVA_HOME names no JDK (set -Dneo4j2025.java.home to a Java " + MIN_JAVA
                    + "+ JDK)");
        }
        Path java = Path.of(javaHome, "bin", "java");
        if (!Files.isExecutable(java)) {
            return Optional.of("no JDK at " + javaHome + " (" + java + " missing); Neo4j 2025.x needs Java " + MIN_JAVA
                    + "+: set -Dneo4j2025.java.home");
        }
        Matcher version = JAVA_VERSION.matcher(read(Path.of(javaHome, "release")));
        if (version.find() && Integer.parseInt(version.group(1)) < MIN_JAVA) {
            return Optional.of("the JDK at " + javaHome + " is Java " + version.group(1) + "; Neo4j 2025.x needs Java "
                    + MIN_JAVA + "+");
        }
        return Optional.empty();
    }

    /** The release the home holds, e.g. "2025.12.1". */
    public static String version(Path home) {
        return read(home.resolve("VERSION")).strip();
    }

    private static String read(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
