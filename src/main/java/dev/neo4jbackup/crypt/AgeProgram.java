package dev.neo4jbackup.crypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;

/**
 * The {@code age} program (Debian package {@code age}) as a child process. The service never holds a key:
 * the public keys are arguments, the identity is a file name age opens itself.
 */
public final class AgeProgram {

    /** What of age's standard error is kept for the failure: its errors are one or two lines. */
    private static final int STDERR_KEPT = 4096;

    private final String binary;
    private final ChildEnvironment environment;

    public AgeProgram(String binary, ChildEnvironment environment) {
        this.binary = binary;
        this.environment = environment;
    }

    public String binary() {
        return binary;
    }

    /**
     * {@code age --version}, or ENCRYPTION_UNAVAILABLE: the run's preflight asks before Neo4j is stopped,
     * so that a missing program never costs a downtime.
     */
    public String requirePresent() {
        try {
            Running version = start(List.of("--version"));
            version.process().getOutputStream().close();
            if (!version.process().waitFor(30, TimeUnit.SECONDS)) {
                version.process().destroyForcibly();
                throw unavailable("`" + binary + " --version` did not answer within 30 s", null);
            }
            if (version.process().exitValue() != 0) {
                throw unavailable("`" + binary + " --version` exited with " + version.process().exitValue() + ": "
                        + version.stderr(), null);
            }
            return new String(version.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw unavailable("cannot run " + binary + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking " + binary + " for its version", e);
        }
    }

    private BackupFailure unavailable(String why, Exception cause) {
        return new BackupFailure(ErrorCode.ENCRYPTION_UNAVAILABLE, "Encryption is configured "
                + "(backup.encryption.recipients) but the age program is not available: " + why
                + "; Neo4j was not stopped", "Program: " + binary, null, cause);
    }

    /** A started age: its standard error is read on a thread of its own, so that age never blocks on it. */
    Running start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.clean(builder.environment());
        Process process = builder.start();
        return new Running(process);
    }

    static final class Running {
        private final Process process;
        private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
        private final Thread drain;

        Running(Process process) {
            this.process = process;
            this.drain = new Thread(() -> drainStderr(process.getErrorStream()), "age-stderr");
            drain.setDaemon(true);
            drain.start();
        }

        Process process() {
            return process;
        }

        void drainStderr(InputStream err) {
            byte[] buffer = new byte[1024];
            try (err) {
                int n;
                while ((n = err.read(buffer)) > 0) {
                    synchronized (stderrBytes) {
                        if (stderrBytes.size() < STDERR_KEPT) {
                            stderrBytes.write(buffer, 0, Math.min(n, STDERR_KEPT - stderrBytes.size()));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        }

        /** age's first error line ("age: error: no identity matched any of the recipients"). */
        String stderr() {
            String text;
            synchronized (stderrBytes) {
                text = stderrBytes.toString(StandardCharsets.UTF_8);
            }
            return text.lines().filter(l -> !l.contains("report unexpected or unhelpful errors")).map(String::trim)
                    .filter(l -> !l.isEmpty()).reduce((a, b) -> a + "; " + b).orElse("(no message)");
        }

        /** Waits for the end; the exit code. */
        int awaitExit() throws IOException {
            try {
                int code = process.waitFor();
                drain.join(5_000); // standard error ends with the process: its last line is read
                return code;
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for age");
            }
        }
    }
}
