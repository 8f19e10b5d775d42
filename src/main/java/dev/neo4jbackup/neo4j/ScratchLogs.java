package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;

/**
 * Why a scratch Neo4j did not come up, read from its own logs (a pure function over their text, and the tail
 * reader): a Bolt port another process took, a full volume, or anything else with Neo4j's own error lines.
 */
final class ScratchLogs {

    enum Cause {
        PORT_BUSY, NO_SPACE, OTHER
    }

    /** The cause and a few lines that show it (ERROR lines first, else the last lines). */
    record Diagnosis(Cause cause, String excerpt) {
    }

    private static final int KEEP_LINES = 400;
    private static final int SHOW = 3;

    private ScratchLogs() {
    }

    static Diagnosis diagnose(Path logsDir, String launcherOutput) {
        return diagnose(tail(logsDir.resolve("neo4j.log")), tail(logsDir.resolve("debug.log")), launcherOutput);
    }

    static Diagnosis diagnose(List<String> neo4jLog, List<String> debugLog, String launcherOutput) {
        List<String> all = new ArrayList<>(debugLog);
        all.addAll(neo4jLog);
        if (launcherOutput != null) {
            all.addAll(launcherOutput.lines().toList());
        }
        Cause cause = Cause.OTHER;
        if (all.stream().anyMatch(l -> l.contains("No space left on device"))) {
            cause = Cause.NO_SPACE;
        } else if (all.stream().anyMatch(l -> l.contains("Address already in use") || l.contains("already in use")
                && l.contains("Port"))) {
            cause = Cause.PORT_BUSY;
        }
        List<String> errors = all.stream().filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by:")
                || l.contains("Exception: ")).map(String::strip).distinct().toList();
        List<String> shown = !errors.isEmpty() ? errors.subList(Math.max(0, errors.size() - SHOW), errors.size())
                : lastLines(all);
        return new Diagnosis(cause, String.join(" | ", shown.stream().map(ScratchLogs::shorten).toList()));
    }

    private static List<String> lastLines(List<String> lines) {
        List<String> nonBlank = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return nonBlank.subList(Math.max(0, nonBlank.size() - SHOW), nonBlank.size());
    }

    private static String shorten(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * The failure a scratch Neo4j that ended (or never started) is: BACKUP_NO_SPACE for a full volume, else
     * SCRATCH_RECOVERY_FAILED with Neo4j's own lines, the busy port named.
     *
     * @param what      what happened, after "The scratch Neo4j " ("did not start", "ended while it recovered")
     * @param fixedPort the port was configured (not chosen free)
     */
    static BackupFailure failure(Diagnosis diagnosis, String what, Path dataDir, List<String> databases, int port,
            boolean fixedPort, Path logsDir, String took) {
        return switch (diagnosis.cause()) {
            case PORT_BUSY -> new BackupFailure(ErrorCode.SCRATCH_RECOVERY_FAILED, "The scratch Neo4j " + what
                    + ": its Bolt port 127.0.0.1:" + port + " is in use (" + diagnosis.excerpt() + ")", "Port: " + port
                            + " | " + took, fixedPort ? "Free the port, or leave the scratch port unset so that a free "
                                    + "one is chosen" : "Retry; another process took the port", null);
            case NO_SPACE -> new BackupFailure(ErrorCode.BACKUP_NO_SPACE, "The scratch Neo4j " + what + ": no space "
                    + "left on the volume of the snapshot " + dataDir + " (" + diagnosis.excerpt() + ")", "Available: "
                            + Sizes.human(usable(dataDir)) + " | " + took, "Free space on Neo4j's volume (the "
                                    + "snapshot's writes need new blocks), or set backup.neo4j.snapshot=copy or off",
                    null);
            case OTHER -> new BackupFailure(ErrorCode.SCRATCH_RECOVERY_FAILED, "The scratch Neo4j " + what
                    + " while recovering " + String.join(",", databases) + ": " + diagnosis.excerpt(), took,
                    "Read its log (" + logsDir + "); the running Neo4j was not touched", null);
        };
    }

    private static long usable(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    static List<String> tail(Path file) {
        try {
            // bytes, not readAllLines: a stray byte in a log must not cost the diagnosis
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines().toList();
            return lines.subList(Math.max(0, lines.size() - KEEP_LINES), lines.size());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
