package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's heap is bounded by the memory it may use (container-aware {@code MaxRAMPercentage}) in the
 * launcher and in the image, and {@code JAVA_OPTS} replaces it. The real launcher runs, with {@code echo}
 * standing in for java so that the command line it builds is what it prints.
 */
class HeapLimitTest {

    @TempDir
    Path dir;

    @Test
    void theLauncherBoundsTheServiceHeapAndJavaOptsReplacesIt() throws Exception {
        Path jar = Files.writeString(dir.resolve("neo4j-backup.jar"), "not a jar");
        assertThat(launch(jar, Map.of())).contains("-XX:MaxRAMPercentage=25").endsWith("-jar " + jar);
        assertThat(launch(jar, Map.of(), "schedule")).contains("-XX:MaxRAMPercentage=25");
        assertThat(launch(jar, Map.of("JAVA_OPTS", "-Xmx300m"))).isEqualTo("-Xmx300m -jar " + jar);
        assertThat(launch(jar, Map.of(), "list")).contains("-Xmx256m").doesNotContain("MaxRAMPercentage");
    }

    @Test
    void theImageSetsAHeapThatFollowsTheContainerLimit() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).containsPattern("JAVA_OPTS=\"-XX:MaxRAMPercentage=\\d+ ");
    }

    private String launch(Path jar, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/neo4j-backup");
        builder.command().addAll(java.util.List.of(args));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(env);
        builder.environment().put("JAVA", "echo");
        builder.environment().put("NEO4J_BACKUP_JAR", jar.toString());
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        assertThat(process.waitFor()).as(out).isZero();
        return args.length == 0 ? out : out.substring(0, out.length() - String.join(" ", args).length()).trim();
    }
}
