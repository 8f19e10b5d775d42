package dev.neo4jbackup.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * Runs one hook command with {@code /bin/sh -c} through the {@link ProcessRunner}, so its environment is
 * the service's without the secrets, plus the hook's own BACKUP_* variables; killed at the timeout.
 */
class HookShell {

    private static final Logger log = LoggerFactory.getLogger(HookShell.class);

    private final ProcessRunner processes;
    private final Duration timeout;

    HookShell(ProcessRunner processes, Duration timeout) {
        this.processes = processes;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** The service is shutting down: its children are being ended, a hook that failed now was ended by it. */
    boolean shuttingDown() {
        return processes.abortedAll();
    }

    /** @param hook its name as configured, e.g. pre-backup */
    ProcessResult run(String hook, String command, Map<String, String> environment) {
        log.info("HOOK_RUN: {} for {} ({})", hook, environment.getOrDefault("BACKUP_ID", "?"),
                environment.getOrDefault("BACKUP_STATUS", ""));
        ProcessResult result = processes.run(List.of("/bin/sh", "-c", command), environment, null, timeout);
        if (result.ok()) {
            log.info("HOOK_OK: {} for {} in {} ms{}", hook, environment.getOrDefault("BACKUP_ID", "?"),
                    result.took().toMillis(), result.tail().isEmpty() ? "" : ": " + result.tail());
        }
        return result;
    }
}
