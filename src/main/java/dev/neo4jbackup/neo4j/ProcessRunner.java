package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command as a child process with a timeout, keeping the tail of its output (stdout and stderr
 * merged) for the error it may become. Running processes can be aborted all at once, which is what
 * graceful shutdown does to a dump in progress.
 */
public class ProcessRunner {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
    static final int KEEP_CHARS = 64 * 1024;

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final ChildEnvironment childEnvironment;
    /** Set once {@link #abortAll} ran (the service's shutdown): a child that failed since was ended by it. */
    private volatile boolean abortedAll;

    public ProcessRunner(ChildEnvironment childEnvironment) {
        this.childEnvironment = childEnvironment;
    }

    /** The environment rule of this runner's children, for a child started elsewhere (age). */
    public ChildEnvironment childEnvironment() {
        return childEnvironment;
    }

    public ProcessResult run(List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
        return run(command, env, workDir, timeout, started -> { });
    }

    /**
     * Runs a command; {@code started} is told the child's handle as soon as it runs (before it ends), so
     * that a caller can record it where a crash of this process leaves it findable (the stop marker).
     */
    public ProcessResult run(List<String> command, Map<String, String> env, Path workDir, Duration timeout,
            Consumer<ProcessHandle> started) {
        return run(command, env, workDir, timeout, started, true);
    }

    /**
     * Runs a command that {@link #abortAll} leaves alone: Neo4j's stop and start commands, which must run
     * to their end even during a shutdown (a start cut short leaves Neo4j down).
     */
    public ProcessResult runToEnd(List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
        return run(command, env, workDir, timeout, started -> { }, false);
    }

    private ProcessResult run(List<String> command, Map<String, String> env, Path workDir, Duration timeout,
            Consumer<ProcessHandle> started, boolean abortable) {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        childEnvironment.clean(builder.environment());
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProcessResult(127, false, "cannot start " + command.get(0) + ": " + e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        if (abortable) {
            running.add(process);
        }
        try {
            started.accept(process.toHandle());
            process.getOutputStream().close();
            OutputTail tail = new OutputTail(process.getInputStream());
            Thread reader = new Thread(tail, "output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                log.warn("PROCESS_TIMEOUT: {} ran longer than {}; killing it", String.join(" ", command), timeout);
                destroyTree(process);
            }
            reader.join(5_000);
            return new ProcessResult(finished ? process.exitValue() : -1, !finished, tail.text(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            return new ProcessResult(-1, false, "interrupted", Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new ProcessResult(-1, false, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            running.remove(process);
        }
    }

    /** Kills every process this runner has running (e.g. a dump, on shutdown), except those run to their end. */
    public int abortAll() {
        abortedAll = true; // before the children are ended: whoever sees one end sees the flag
        int n = 0;
        for (Process process : running) {
            destroyTree(process);
            n++;
        }
        return n;
    }

    /**
     * True once {@link #abortAll} ran: the shutdown ended (or will end) the children, so a child that failed is the
     * shutdown's doing, not its own failure (a pre-backup hook killed by `docker compose down` is no HOOK_FAILED).
     */
    public boolean abortedAll() {
        return abortedAll;
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Keeps the last {@link #KEEP_CHARS} characters of a stream. */
    static final class OutputTail implements Runnable {
        private final InputStream in;
        private final StringBuilder text = new StringBuilder();

        OutputTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (text.length() > 2 * KEEP_CHARS) {
                            text.delete(0, text.length() - KEEP_CHARS);
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed; what was read so far is kept
            }
        }

        String text() {
            synchronized (text) {
                return text.length() > KEEP_CHARS ? text.substring(text.length() - KEEP_CHARS) : text.toString();
            }
        }
    }
}
