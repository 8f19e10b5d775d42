package dev.neo4jbackup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.neo4jbackup.neo4j.BoltProbe;
import dev.neo4jbackup.neo4j.LocalNeo4jConf;
import dev.neo4jbackup.neo4j.Neo4jInstallation;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * Starts the sandbox Neo4j (and fills it with a sample graph the first time) before anything else
 * runs, and stops it when the service stops, if it was the one that started it.
 * <p>
 * A SmartLifecycle for its phase: the lowest, so that Neo4j answers before the start-up recovery and the
 * first tick, and is stopped only after the shutdown guard has waited for a run in progress to restart it.
 */
@Component
@ConditionalOnProperty(name = "backup.sandbox.enabled", havingValue = "true")
class SandboxNeo4j implements SmartLifecycle {

    /** A loopback-only demo server: this password protects nothing that matters. */
    static final String PASSWORD = "sandbox-password";
    private static final Logger log = LoggerFactory.getLogger(SandboxNeo4j.class);

    private final Neo4jInstallation installation;
    private final ProcessRunner runner;
    private final BoltProbe probe;
    private final Driver driver;
    private final String boltPort;
    private volatile boolean running;
    private boolean startedByUs;
    private final boolean manage;

    SandboxNeo4j(Neo4jInstallation installation, ProcessRunner runner, BoltProbe probe, Driver driver,
            Environment environment) {
        this.installation = installation;
        this.runner = runner;
        this.probe = probe;
        this.driver = driver;
        this.boltPort = environment.getProperty("backup.sandbox.bolt-port", "7687");
        // the CLI talks to the sandbox the service runs; it neither starts nor stops it
        this.manage = environment.getProperty("backup.sandbox.start", Boolean.class, true);
    }

    @Override
    public void start() {
        running = true;
        if (!manage) {
            return;
        }
        Path home = installation.home();
        if (!Files.isDirectory(home.resolve("lib"))) {
            throw new IllegalStateException("SANDBOX: no Neo4j home at " + home
                    + ": build it first with ./mvnw generate-resources (spring-boot:run does this)");
        }
        Path conf = installation.effectiveConfDir();
        Path dir = conf.getParent();
        boolean fresh = !Files.exists(conf.resolve("neo4j.conf"));
        if (fresh) {
            writeConf(home, dir, conf);
            ProcessResult password = admin(List.of("dbms", "set-initial-password", PASSWORD));
            if (!password.ok()) {
                throw new IllegalStateException("SANDBOX: set-initial-password failed: " + password.output());
            }
        }
        if (!probe.answers("neo4j")) {
            log.info("SANDBOX: starting the local Neo4j ({}) on bolt://127.0.0.1:{} with data in {}", home, boltPort,
                    dir.resolve("data"));
            ProcessResult start = runner.run(List.of(home.resolve("bin/neo4j").toString(), "start"),
                    installation.environment(), home, Duration.ofMinutes(2));
            if (!start.ok() || !probe.awaitAnswer("neo4j", Duration.ofMinutes(2))) {
                throw new IllegalStateException("SANDBOX: the local Neo4j did not start: " + start.output()
                        + "\nSee " + dir.resolve("logs/neo4j.log"));
            }
            startedByUs = true;
        }
        SampleGraph.createIfEmpty(driver);
    }

    private void writeConf(Path home, Path dir, Path conf) {
        try {
            LocalNeo4jConf.writeFastStart(home, dir, Integer.parseInt(boltPort));
        } catch (IOException e) {
            throw new UncheckedIOException("SANDBOX: cannot write " + conf, e);
        }
    }

    private ProcessResult admin(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(installation.adminCommand().toString());
        command.addAll(args);
        return runner.run(command, installation.environment(), installation.home(), Duration.ofMinutes(2));
    }

    @Override
    public void stop() {
        running = false;
        if (startedByUs) {
            log.info("SANDBOX: stopping the local Neo4j this service started");
            runner.run(List.of(installation.home().resolve("bin/neo4j").toString(), "stop"),
                    installation.environment(), installation.home(), Duration.ofMinutes(2));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** First of all to start, last to stop. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
