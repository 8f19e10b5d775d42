package dev.neo4jbackup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The private Docker engine of the deployment test: the one src/test/docker/engine.sh started (.ci/run does,
 * before the test's own step), found through target/docker-engine. Where that script found that no engine can
 * run here (not root, no cgroups, no dockerd) the test skips with its reason; where nobody started one, it
 * skips and says how. Commands run from argument lists, never from a shell line with values pasted in.
 */
public final class TestEngine {

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
        public Result ok() {
            assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
            return this;
        }
    }

    private final Path root;
    private final String dockerHost;
    private final Path log;

    private TestEngine(Path root, String dockerHost, Path log) {
        this.root = root;
        this.dockerHost = dockerHost;
        this.log = log;
    }

    /** The running test engine, or the test is skipped with the reason there is none. */
    public static TestEngine find(Path root, Path log) throws IOException {
        Path dir = root.resolve("target/docker-engine");
        Path unavailable = dir.resolve("unavailable");
        String reason = Files.exists(unavailable) ? read(unavailable).strip() : null;
        assumeTrue(reason == null, "Docker deployment test skipped: " + reason);
        Path socket = dir.resolve("socket");
        assumeTrue(Files.exists(socket), "Docker deployment test skipped: no test engine running; start one with "
                + "src/test/docker/engine.sh start (root), as .ci/run does (docs/deployment.md)");
        String host = "unix://" + read(socket).strip();
        Files.createDirectories(log.getParent());
        TestEngine engine = new TestEngine(root, host, log);
        Result version = engine.run(Duration.ofSeconds(30), List.of("docker", "version", "--format",
                "{{.Server.Version}}"), Map.of());
        assertThat(version.exitCode()).as("the test engine at %s does not answer: %s", host, version.output())
                .isZero();
        return engine;
    }

    public String dockerHost() {
        return dockerHost;
    }

    /** The path of the engine's socket, as it is mounted into the backup container. */
    public String socketPath() {
        return dockerHost.substring("unix://".length());
    }

    /** {@code docker ARGS...} against this engine. */
    public Result docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(timeout, command, Map.of());
    }

    /** {@code docker ARGS...} against this engine, left running: its output is read as it comes. */
    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("DOCKER_HOST", dockerHost);
        return builder.start();
    }

    /** A command with DOCKER_HOST set to this engine and {@code env} added, from the repository's root. */
    public Result run(Duration timeout, List<String> command, Map<String, String> env) {
        return run(timeout, command, env, true);
    }

    /** As {@link #run(Duration, List, Map)}; its output is stdout alone, stderr goes to the log only. */
    public Result runForOutput(Duration timeout, List<String> command, Map<String, String> env) {
        return run(timeout, command, env, false);
    }

    private Result run(Duration timeout, List<String> command, Map<String, String> env, boolean withStderr) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(withStderr);
        if (!withStderr) {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Map<String, String> environment = builder.environment();
        environment.putAll(env);
        environment.put("DOCKER_HOST", dockerHost);
        try {
            Path out = Files.createTempFile(log.getParent(), "command", ".out");
            long started = System.nanoTime();
            try {
                Process process = builder.redirectOutput(out.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    return logged(command, started, new Result(-1, read(out) + "\n(timed out after " + timeout + ")"));
                }
                return logged(command, started, new Result(process.exitValue(), read(out)));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Environment for a command: this map plus more. */
    public static Map<String, String> env(Map<String, String> base, String... pairs) {
        Map<String, String> all = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }

    /** The command, its exit code and its seconds (where the test's time goes), then its output. */
    private Result logged(List<String> command, long started, Result result) throws IOException {
        Files.writeString(log, "$ " + String.join(" ", command) + "  (exit " + result.exitCode() + ", "
                + String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9) + ")\n"
                + result.output() + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return result;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
