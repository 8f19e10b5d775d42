package dev.neo4jbackup.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nice -n N} in front of a child that runs beside a running Neo4j (backup.neo4j.nice). On two
 * cores, a snapshot's dump started with Neo4j competes with Neo4j's own start, which is downtime; with a
 * niceness the scheduler gives the start the CPU first and the dump what is left. {@code nice} execs the
 * command, so the child's process (the stop marker's, the one a shutdown ends) is the command's own.
 */
public final class Nice {

    private static final Logger log = LoggerFactory.getLogger(Nice.class);
    private static final List<Path> WHERE = List.of(Path.of("/usr/bin/nice"), Path.of("/bin/nice"));
    private static volatile boolean warned;

    private Nice() {
    }

    /** The words before the command: none for 0, or where this host has no {@code nice} (said once). */
    public static List<String> prefix(int niceness) {
        if (niceness <= 0) {
            return List.of();
        }
        for (Path nice : WHERE) {
            if (Files.isExecutable(nice)) {
                return List.of(nice.toString(), "-n", Integer.toString(Math.min(niceness, 19)));
            }
        }
        if (!warned) {
            warned = true;
            log.warn("NICE_UNAVAILABLE: no nice in /usr/bin or /bin: neo4j-admin runs at the service's priority "
                    + "beside Neo4j (backup.neo4j.nice={} not applied)", niceness);
        }
        return List.of();
    }
}
