package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starts {@link ServiceWorker} in a JVM of its own (this classpath) and turns its result line into a Sample. */
final class WorkerLauncher {

    private final List<String> jvmArgs;

    WorkerLauncher(List<String> jvmArgs) {
        this.jvmArgs = jvmArgs;
    }

    Sample run(String size, String variant, int rep, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-Dbench.warmup=" + System.getProperty("bench.warmup", "true"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServiceWorker.class.getName());
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> lines = Files.readAllLines(log);
        String result = lines.stream().filter(l -> l.startsWith(ServiceWorker.RESULT)).reduce((a, b) -> b)
                .orElse(null);
        if (exit != 0 || result == null) {
            throw new IllegalStateException(variant + " failed (exit " + exit + "), see " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : result.substring(ServiceWorker.RESULT.length()).trim().split(" ")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        long wall = take(values, "wallMs");
        long downtime = take(values, "downtimeMs");
        long stored = take(values, "storedBytes");
        long raw = take(values, "rawBytes");
        long heap = take(values, "heapPeakBytes");
        long rss = take(values, "rssPeakBytes");
        return new Sample(size, variant, rep, wall, downtime, stored, raw, heap, rss, values);
    }

    private static long take(Map<String, Long> values, String key) {
        Long value = values.remove(key);
        return value == null ? -1 : value;
    }
}
