package dev.neo4jbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.Neo4jBackupApplication;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * `docker compose down` during a scheduled dump, for real: the service runs in its own JVM, gets
 * SIGTERM while neo4j-admin dumps, and exits only after Neo4j answers again. The shutdown is logged
 * as SHUTDOWN, and is no failure: no BACKUP_FAILED, no NEO4J_ADMIN_FAILED, no failure count, no stack
 * trace.
 */
class ServiceSigtermTest {

    @TempDir
    Path storage;

    @Test
    void sigtermDuringAScheduledDumpIsAShutdownNotAFailure() throws Exception {
        Neo4jServer server = SharedNeo4j.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Neo4jBackupApplication.class.getName()));
        server.springProperties(storage.resolve("backups")).forEach((k, v) -> command.add("--" + k + "=" + v));
        command.add("--backup.run-on-start=true");
        Path log = storage.resolve("service.log");
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Optional<ProcessHandle> dump = awaitDump(service.toHandle(), Duration.ofMinutes(3));
            assertThat(dump).as("a dump ran: " + Files.readString(log)).isPresent();

            service.destroy(); // SIGTERM
            assertThat(service.waitFor(4, TimeUnit.MINUTES)).as("the service exits").isTrue();

            String output = Files.readString(log);
            assertThat(dump.get().isAlive()).isFalse();
            assertThat(server.answers()).as("Neo4j answers once the service is gone").isTrue();
            assertThat(output).contains("SHUTDOWN: a backup run is in progress; ended 1 neo4j-admin process(es)")
                    .contains("NEO4J_UP: Neo4j answers again").contains("SHUTDOWN: backup neo4j-")
                    .doesNotContain("BACKUP_FAILED").doesNotContain("NEO4J_ADMIN_FAILED")
                    .doesNotContain("RETRY_SCHEDULED").doesNotContain("Scheduler tick failed");
            assertThat(output.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception:")))
                    .as("no stack trace").isEmpty();
            StateStore state = new StateStore(storage.resolve("backups"));
            assertThat(state.read().consecutiveFailures()).isZero();
            assertThat(state.read().stoppedByUs()).isNull();
        } finally {
            service.descendants().forEach(ProcessHandle::destroyForcibly);
            service.destroyForcibly();
        }
    }

    /**
     * `docker compose down` at 02:00 while the operator's pre-backup hook (a script that sleeps) runs: the shutdown
     * ends the hook, and that is a shutdown, not a failing hook: no HOOK_FAILED, no BACKUP_FAILED, no failure mail
     * (a real SMTP server listens), no on-failure hook, no failure in a row.
     */
    @Test
    void sigtermWhileThePreBackupHookRunsIsAShutdownNotAFailure() throws Exception {
        com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Path started = storage.resolve("hook-started");
        Path onFailure = storage.resolve("on-failure-ran");
        Path hook = Files.writeString(storage.resolve("pre-backup.sh"), "#!/bin/sh\necho \"$BACKUP_ID\" > " + started
                + "\nsleep 120\n");
        hook.toFile().setExecutable(true);
        Neo4jServer server = SharedNeo4j.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Neo4jBackupApplication.class.getName()));
        server.springProperties(storage.resolve("backups")).forEach((k, v) -> command.add("--" + k + "=" + v));
        command.add("--backup.run-on-start=true");
        command.add("--backup.hooks.pre-backup=" + hook);
        command.add("--backup.hooks.on-failure=touch " + onFailure);
        command.add("--backup.alert.email=ops@example.com");
        command.add("--spring.mail.host=127.0.0.1");
        command.add("--spring.mail.port=" + smtp.getSmtp().getPort());
        Path log = storage.resolve("service.log");
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.exists(started) && service.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(started).as("the hook ran: " + Files.readString(log)).exists();
            Optional<ProcessHandle> sleep = service.descendants().filter(p -> p.info().command().orElse("")
                    .endsWith("/sleep")).findFirst();
            assertThat(sleep).as("the hook sleeps").isPresent();

            service.destroy(); // SIGTERM
            assertThat(service.waitFor(2, TimeUnit.MINUTES)).as("the service exits").isTrue();

            String output = Files.readString(log);
            assertThat(ended(sleep.get())).as("the hook was ended: " + output).isTrue();
            assertThat(output).contains("SHUTDOWN: the pre-backup hook for " + Files.readString(started).strip()
                    + " was ended by the shutdown").contains("SHUTDOWN: backup neo4j-")
                    .doesNotContain("HOOK_FAILED").doesNotContain("BACKUP_FAILED").doesNotContain("RETRY_SCHEDULED")
                    .doesNotContain("Scheduler tick failed");
            assertThat(output.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception:")))
                    .as("no stack trace").isEmpty();
            assertThat(onFailure).as("no on-failure hook").doesNotExist();
            assertThat(smtp.getReceivedMessages()).as("no failure mail").isEmpty();
            StateStore state = new StateStore(storage.resolve("backups"));
            assertThat(state.read().consecutiveFailures()).isZero();
            assertThat(state.read().lastErrorCode()).isNull();
            assertThat(server.answers()).isTrue();
        } finally {
            service.descendants().forEach(ProcessHandle::destroyForcibly);
            service.destroyForcibly();
            smtp.stop();
        }
    }

    /** Gone, or a zombie: killed with its parent shell, it waits for an init that may reap it late. */
    private static boolean ended(ProcessHandle process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (java.io.IOException gone) {
                return true;
            }
            if (!process.isAlive()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static Optional<ProcessHandle> awaitDump(ProcessHandle service, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && service.isAlive()) {
            Optional<ProcessHandle> dump = service.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("Neo4jAdminCommand")
                            && p.info().commandLine().orElse("").contains("dump"))
                    .findFirst();
            if (dump.isPresent()) {
                return dump;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }
}
