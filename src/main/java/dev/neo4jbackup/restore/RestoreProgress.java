package dev.neo4jbackup.restore;

import java.time.Duration;

/**
 * Told each line of a restore when its stage starts (validate, safety backup, stop, load, start, each
 * check, rollback), with the time since the restore began: the CLI prints it at once, so an operator
 * watching a minute-long restore sees where it is.
 */
@FunctionalInterface
public interface RestoreProgress {

    RestoreProgress NONE = (line, elapsed) -> { };

    void line(String line, Duration elapsed);
}
