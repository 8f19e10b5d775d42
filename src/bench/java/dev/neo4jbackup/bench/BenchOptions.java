package dev.neo4jbackup.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What to run, from system properties (the Maven profile passes -Dbench.* through).
 *
 * @param sizes      XS, S, M, L (bench.sizes, default S,M); L runs only with enough free disk
 * @param reps       repetitions per size (bench.reps, default 3), variants interleaved within each
 * @param output     the report (bench.output, default docs/BENCHMARKS.md)
 * @param work       stores, dumps and archives (bench.work, default /tmp/bench-work), deleted at the end
 * @param workerJvm  JVM options of the service's worker JVM (bench.worker-jvm, default none: the JVM's own)
 * @param command    the command line printed in the report
 * @param jar        the service's jar for the Spring Boot row (bench.jar; the profile passes the one it built)
 */
record BenchOptions(List<String> sizes, int reps, Path output, Path work, List<String> workerJvm, String command,
        Path jar) {

    static BenchOptions fromSystemProperties() {
        List<String> sizes = split(System.getProperty("bench.sizes", "S,M"), ",");
        int reps = Integer.parseInt(System.getProperty("bench.reps", "3").trim());
        if (reps < 1) {
            throw new IllegalArgumentException("bench.reps must be at least 1");
        }
        Path output = Path.of(System.getProperty("bench.output", "docs/BENCHMARKS.md")).toAbsolutePath();
        Path work = Path.of(System.getProperty("bench.work", "/tmp/bench-work")).toAbsolutePath();
        List<String> jvm = split(System.getProperty("bench.worker-jvm", ""), " ");
        String command = System.getProperty("bench.command", "./mvnw -Pbench verify -Dbench.sizes="
                + String.join(",", sizes) + " -Dbench.reps=" + reps
                + (System.getProperty("bench.only", "").isBlank() ? "" : " -Dbench.only=" + System.getProperty(
                        "bench.only").trim()));
        Path jar = Path.of(System.getProperty("bench.jar", "target/neo4j-backup-service-0.1.0-SNAPSHOT.jar"))
                .toAbsolutePath();
        return new BenchOptions(sizes, reps, output, work, jvm, command, jar);
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
