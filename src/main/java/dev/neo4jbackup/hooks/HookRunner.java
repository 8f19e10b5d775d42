package dev.neo4jbackup.hooks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunHooks;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ProcessResult;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.restore.RestoreEvents;
import dev.neo4jbackup.restore.RestoreHooks;

/**
 * {@code backup.hooks.*}: the operator's commands around every run. The pre-backup and pre-restore hooks
 * run before Neo4j is stopped and abort with HOOK_FAILED when they fail or time out; post-backup (after
 * each backup of a run, success or not), post-restore and on-failure run from the events, on the run's
 * thread after it, and a failure of theirs is a warning (HOOK_WARNING). A dry run runs no hook.
 * <p>
 * Each gets BACKUP_HOOK, BACKUP_ID, BACKUP_DATABASE, BACKUP_ARCHIVE (where the archive is or will be),
 * BACKUP_STATUS (running, success, failed), BACKUP_ERROR_CODE (empty unless failed) and BACKUP_TRIGGER or
 * BACKUP_TARGET.
 */
public class HookRunner implements RunHooks, RestoreHooks {

    private static final Logger log = LoggerFactory.getLogger(HookRunner.class);

    private final BackupProperties.Hooks hooks;
    private final HookShell shell;
    private final BackupCatalog catalog;
    private final Compression compression;

    HookRunner(BackupProperties.Hooks hooks, HookShell shell, BackupCatalog catalog, Compression compression) {
        this.hooks = hooks;
        this.shell = shell;
        this.catalog = catalog;
        this.compression = compression;
    }

    /** The hooks over a process runner, as the service wires them (for tools and tests outside this package). */
    public static HookRunner over(BackupProperties.Hooks hooks, ProcessRunner processes,
            BackupCatalog catalog, Compression compression) {
        return new HookRunner(hooks, new HookShell(processes, hooks.timeout()), catalog, compression);
    }

    @Override
    public void beforeBackup(BackupRequest request, List<BackupId> ids) {
        if (hooks.preBackup() == null || request.dryRun()) {
            return;
        }
        for (BackupId id : ids) {
            Map<String, String> env = env("pre-backup", id.toString(), id.database(), archiveOf(id), "running", null);
            env.put("BACKUP_TRIGGER", request.trigger().name().toLowerCase(Locale.ROOT));
            require("pre-backup", hooks.preBackup(), env, "the backup run was aborted before Neo4j was stopped");
        }
    }

    @Override
    public void beforeRestore(String id, String database, String target) {
        if (hooks.preRestore() == null) {
            return;
        }
        Map<String, String> env = env("pre-restore", id, database, archiveOf(id), "running", null);
        env.put("BACKUP_TARGET", target);
        require("pre-restore", hooks.preRestore(), env, "the restore was refused before anything was stopped");
    }

    /** Post-backup for every backup of a finished run, then on-failure for each that failed. */
    @EventListener
    public void on(BackupEvents.RunFinished event) {
        RunReport report = event.report();
        if (report.dryRun()) {
            return;
        }
        for (BackupOutcome outcome : report.outcomes()) {
            if (outcome.failure() != null && outcome.failure().code() == ErrorCode.SHUTDOWN) {
                continue; // not a failure, and the service is on its way out
            }
            String status = outcome.ok() ? "success" : "failed";
            String code = outcome.ok() ? null : outcome.failure().code().name();
            // a failed backup has no archive; the path it would have had still says which it was
            String archive = archiveOf(BackupId.parse(outcome.id()));
            String trigger = report.trigger().name().toLowerCase(Locale.ROOT);
            if (hooks.postBackup() != null) {
                Map<String, String> env = env("post-backup", outcome.id(), outcome.database(), archive, status, code);
                env.put("BACKUP_TRIGGER", trigger);
                warnIfFails("post-backup", hooks.postBackup(), env);
            }
            if (!outcome.ok() && hooks.onFailure() != null) {
                Map<String, String> env = env("on-failure", outcome.id(), outcome.database(), archive, status, code);
                env.put("BACKUP_TRIGGER", trigger);
                warnIfFails("on-failure", hooks.onFailure(), env);
            }
        }
    }

    @EventListener
    public void on(RestoreEvents.RestoreSucceeded event) {
        if (hooks.postRestore() != null) {
            Map<String, String> env = env("post-restore", event.id(), event.database(), archiveOf(event.id()),
                    "success", null);
            env.put("BACKUP_TARGET", event.target());
            warnIfFails("post-restore", hooks.postRestore(), env);
        }
    }

    @EventListener
    public void on(RestoreEvents.RestoreFailed event) {
        String code = event.failure().code().name();
        if (hooks.postRestore() != null) {
            Map<String, String> env = env("post-restore", event.id(), event.database(), archiveOf(event.id()),
                    "failed", code);
            env.put("BACKUP_TARGET", event.target());
            warnIfFails("post-restore", hooks.postRestore(), env);
        }
        if (hooks.onFailure() != null) {
            Map<String, String> env = env("on-failure", event.id(), event.database(), archiveOf(event.id()),
                    "failed", code);
            env.put("BACKUP_TARGET", event.target());
            warnIfFails("on-failure", hooks.onFailure(), env);
        }
    }

    private void require(String hook, String command, Map<String, String> env, String consequence) {
        if (shell.shuttingDown()) {
            throw shutdown(hook, env, "was not started", consequence);
        }
        ProcessResult result = shell.run(hook, command, env);
        if (result.ok()) {
            return;
        }
        if (shell.shuttingDown()) {
            // SIGTERM (docker compose down at 02:00) ended it: a shutdown, not a failing hook
            throw shutdown(hook, env, "was ended by the shutdown", consequence);
        }
        String what = what(result);
        log.error("HOOK_FAILED: {} for {} {}: {}", hook, env.get("BACKUP_ID"), what, consequence);
        throw new BackupFailure(ErrorCode.HOOK_FAILED, "The " + hook + " hook (backup.hooks." + hook + ") " + what
                + "; " + consequence, numbers(result), null, null);
    }

    private static BackupFailure shutdown(String hook, Map<String, String> env, String what, String consequence) {
        log.warn("SHUTDOWN: the {} hook for {} {}; {}", hook, env.get("BACKUP_ID"), what, consequence);
        return new BackupFailure(ErrorCode.SHUTDOWN, "The service is shutting down: the " + hook + " hook " + what
                + "; " + consequence);
    }

    /** Never throws: the listeners run inside the run's (or restore's) event publishing. */
    private void warnIfFails(String hook, String command, Map<String, String> env) {
        ProcessResult result;
        try {
            result = shell.run(hook, command, env);
        } catch (RuntimeException e) {
            log.warn("HOOK_WARNING: {} for {} could not run: {}", hook, env.get("BACKUP_ID"), e.toString());
            return;
        }
        if (!result.ok()) {
            log.warn("HOOK_WARNING: {} for {} {} ({}); the {} itself is not affected", hook, env.get("BACKUP_ID"),
                    what(result), numbers(result), hook.endsWith("restore") ? "restore" : "backup");
        }
    }

    private String what(ProcessResult result) {
        if (result.timedOut()) {
            return "ran longer than backup.hooks.timeout (" + shell.timeout().toSeconds() + " s) and was killed";
        }
        String tail = result.tail();
        return "exited with " + result.exitCode() + (tail.isEmpty() ? "" : ": " + tail);
    }

    private static String numbers(ProcessResult result) {
        return (result.timedOut() ? "Exit code: none (killed)" : "Exit code: " + result.exitCode()) + " | Took: "
                + result.took().toMillis() + " ms";
    }

    private static Map<String, String> env(String hook, String id, String database, String archive, String status,
            String code) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BACKUP_HOOK", hook);
        env.put("BACKUP_ID", id);
        env.put("BACKUP_DATABASE", database);
        env.put("BACKUP_ARCHIVE", archive == null ? "" : archive);
        env.put("BACKUP_STATUS", status);
        env.put("BACKUP_ERROR_CODE", code == null ? "" : code);
        return env;
    }

    /** The archive of a backup in the catalogue (a restore's), or "" when there is none or it is not to be trusted. */
    private String archiveOf(String id) {
        try {
            return catalog.find(id).map(catalog::archivePath).map(Path::toString).orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Where a run's archive is (or, for a failed backup, would have been). */
    private String archiveOf(BackupId id) {
        try {
            return catalog.archivePath(id, compression).toString();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
