package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Finds and ends a child process that a crashed run of the service left running (a neo4j-admin dump
 * still writing into the stopped store). A pid alone is not enough: the kernel reuses pids, so a
 * process is identified by its pid and its start time from {@code /proc/<pid>/stat}, and one whose
 * start time differs is never signalled.
 */
public final class ChildProcesses {

    /** What {@link #end} found and did. */
    public enum Ending {
        /** Nothing runs under that pid any more. */
        NOT_RUNNING,
        /** The pid now belongs to another process (another start time): left alone. */
        PID_REUSED,
        /** It ended after SIGTERM within the grace period. */
        TERMINATED,
        /** It ignored SIGTERM for the grace period and was killed (SIGKILL). */
        KILLED,
        /** It still runs even after SIGKILL (uninterruptible I/O): the store is not safe to start on. */
        STILL_RUNNING
    }

    private ChildProcesses() {
    }

    /** Field 22 of /proc/&lt;pid&gt;/stat (clock ticks after boot); empty when no such process (or no /proc). */
    public static OptionalLong startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            if (fields.length > 19 && !"Z".equals(fields[0])) {
                return OptionalLong.of(Long.parseLong(fields[19]));
            }
            return OptionalLong.empty(); // a zombie has ended; only its exit status is left
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Ends the process {@code pid} if it is the one that started at {@code startTicks}, and its
     * descendants (neo4j-admin's launcher runs the tool in a child JVM): SIGTERM, then SIGKILL after
     * {@code grace}; returns once they are gone (or after a last wait).
     */
    public static Ending end(long pid, long startTicks, Duration grace) {
        OptionalLong started = startTicks(pid);
        if (started.isEmpty()) {
            return Ending.NOT_RUNNING;
        }
        if (started.getAsLong() != startTicks) {
            return Ending.PID_REUSED;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return Ending.NOT_RUNNING;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(handle.get());
        handle.get().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        if (awaitGone(pid, startTicks, tree, grace)) {
            return Ending.TERMINATED;
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        return awaitGone(pid, startTicks, tree, Duration.ofSeconds(10)) ? Ending.KILLED : Ending.STILL_RUNNING;
    }

    private static boolean awaitGone(long pid, long startTicks, List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean rootGone = startTicks(pid).stream().noneMatch(t -> t == startTicks);
            if (rootGone && tree.stream().skip(1).allMatch(p -> startTicks(p.pid()).isEmpty())) {
                return true;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
