package dev.neo4jbackup.crypt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Keys made by the real age-keygen in a test's folder, and the stock age run by hand as an operator would. */
public final class AgeKeys {

    private AgeKeys() {
    }

    /** Skips (saying why) where the Debian package age is not installed; .ci/run installs it. */
    public static void assumeAge() {
        Assumptions.assumeTrue(onPath("age") && onPath("age-keygen"),
                "age not installed (apt-get install -y age): encryption tests skipped");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** {@code age-keygen -o <dir>/<name>.txt}: the identity file (private key). */
    public static Path identity(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".txt");
        run(List.of("age-keygen", "-o", file.toString()));
        return file;
    }

    /** {@code age-keygen -y}: the identity's public key, age1... */
    public static String recipient(Path identity) throws IOException {
        return run(List.of("age-keygen", "-y", identity.toString())).trim();
    }

    /** {@code sh -c <command>}; its standard output, or an AssertionError with its error. */
    public static String sh(String command) throws IOException {
        return run(List.of("sh", "-c", command));
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + err);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
