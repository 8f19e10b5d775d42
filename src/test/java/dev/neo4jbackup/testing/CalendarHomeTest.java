package dev.neo4jbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why the 2025.x tests skip where they cannot run: each reason names what is missing and how to fix it. */
class CalendarHomeTest {

    @TempDir
    Path dir;

    @Test
    void eachMissingPieceIsNamed() throws IOException {
        Path home = dir.resolve("neo4j-home-2025");
        assertThat(CalendarHome.whyMissing(home)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("no Neo4j home at " + home).contains("-Dneo4j2025=true").contains("build.log"));

        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("VERSION"), "2025.12.1");
        Files.writeString(home.resolve("JAVA_HOME"), "\n");
        assertThat(CalendarHome.whyMissing(home)).hasValueSatisfying(r -> assertThat(r).contains("names no JDK")
                .contains("-Dneo4j2025.java.home"));

        Path jdk = dir.resolve("jdk");
        Files.writeString(home.resolve("JAVA_HOME"), jdk.toString());
        assertThat(CalendarHome.whyMissing(home)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("no JDK at " + jdk).contains("needs Java 21+"));

        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        assertThat(CalendarHome.whyMissing(home)).hasValue("the JDK at " + jdk + " is Java 17; Neo4j 2025.x needs "
                + "Java 21+");

        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.1\"\n");
        assertThat(CalendarHome.whyMissing(home)).isEmpty();
        assertThat(CalendarHome.version(home)).isEqualTo("2025.12.1");
    }
}
