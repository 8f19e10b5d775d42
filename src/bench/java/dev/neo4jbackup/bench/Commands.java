package dev.neo4jbackup.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;

/** Runs the commands a user's script runs (bin/neo4j, bin/neo4j-admin, gzip, sha256sum), timed. */
final class Commands {

    private static final Duration TIMEOUT = Duration.ofHours(2);

    private final Path home;
    private final Map<String, String> env;
    private final ProcessRunner runner = new ProcessRunner(ChildEnvironment.byName());

    Commands(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** bin/neo4j or bin/neo4j-admin with arguments; returns the milliseconds it took. */
    long neo4j(String launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(launcher).toString());
        command.addAll(List.of(args));
        return run(command);
    }

    /** A shell line, as the user's script would have it. */
    long sh(String line) {
        return run(List.of("/bin/sh", "-c", line));
    }

    private long run(List<String> command) {
        ProcessResult result = runner.run(command, env, home, TIMEOUT);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode()
                    + "): " + result.tail());
        }
        return result.took().toMillis();
    }
}
