package dev.neo4jbackup.neo4j;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

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
    public boolean stopsNeo4j() {
        return true;
    }

    @Override
    public void stop() {
        log.info("NEO4J_STOP: {}", stopCommand);
        ProcessResult result = shell(stopCommand, stopTimeout);
        if (!result.ok()) {
            throw new BackupFailure(ErrorCode.NEO4J_STOP_FAILED, "Stop command `" + stopCommand + "` failed: "
                    + Neo4jAdmin.reasonOf(result), "Exit code: " + result.exitCode() + " | Took: "
                    + Neo4jAdmin.seconds(result.took()) + " s", null, null);
        }
    }

    @Override
    public void resume() {
        log.info("NEO4J_START: {}", startCommand);
        ProcessResult result = shell(startCommand, startTimeout);
        if (!result.ok()) {
            throw new BackupFailure(ErrorCode.NEO4J_RESTART_FAILED, "Start command `" + startCommand + "` failed: "
                    + Neo4jAdmin.reasonOf(result), "Exit code: " + result.exitCode() + " | Took: "
                    + Neo4jAdmin.seconds(result.took()) + " s", null, null);
        }
    }

    private ProcessResult shell(String command, Duration timeout) {
        return runner.run(List.of("/bin/sh", "-c", command), installation.environment(), installation.home(),
                timeout);
    }
}
