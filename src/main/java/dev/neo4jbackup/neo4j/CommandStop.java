package dev.neo4jbackup.neo4j;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;

/**
 * Stop mode `command`: the operator's stop and start commands (systemd, bin/neo4j, a script), run with
 * {@code sh -c} in the Neo4j home with NEO4J_HOME and NEO4J_CONF set.
 */
public final class CommandStop implements Quiescer {

    private static final Logger log = LoggerFactory.getLogger(CommandStop.class);

    private final String stopCommand;
    private final String startCommand;
    private final Neo4jInstallation installation;
    private final ProcessRunner runner;
    private final Duration stopTimeout;
    private final Duration startTimeout;

    public CommandStop(String stopCommand, String startCommand, Neo4jInstallation installation, ProcessRunner runner,
            Duration stopTimeout, Duration startTimeout) {
        this.stopCommand = stopCommand;
        this.startCommand = startCommand;
        this.installation = installation;
        this.runner = runner;
        this.stopTimeout = stopTimeout;
        this.startTimeout = startTimeout;
    }

    @Override
    public String mode() {
        return "command";
    }


    @Override
    public void stop() {
        log.info("NEO4J_STOP: {}", stopCommand);
        runOrFail("Stop", stopCommand, stopTimeout, ErrorCode.NEO4J_STOP_FAILED);
    }

    @Override
    public void resume() {
        log.info("NEO4J_START: {}", startCommand);
        runOrFail("Start", startCommand, startTimeout, ErrorCode.NEO4J_RESTART_FAILED);
    }

    private void runOrFail(String what, String command, Duration timeout, ErrorCode code) {
        ProcessResult result = shell(command, timeout);
        if (!result.ok()) {
            throw new BackupFailure(code, what + " command `" + command + "` failed: "
                    + (result.timedOut() ? "timed out" : Neo4jAdmin.reasonOf(result)), "Exit code: "
                    + result.exitCode() + " | Took: " + Durations.seconds(result.took()) + " s", null, null);
        }
    }

    private ProcessResult shell(String command, Duration timeout) {
        // never aborted by a shutdown: a start command cut short would leave Neo4j down
        return runner.runToEnd(List.of("/bin/sh", "-c", command), installation.environment(), installation.home(),
                timeout);
    }
}
