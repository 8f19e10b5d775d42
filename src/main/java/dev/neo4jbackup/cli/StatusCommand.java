package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import picocli.CommandLine.Command;

import dev.neo4jbackup.backup.BackupOperations;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.CatalogEntry;
import dev.neo4jbackup.catalog.FreeSpace;
import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.crypt.Encryption;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.offsite.OffsiteCopies;
import dev.neo4jbackup.restore.RecoveryTracker;
import dev.neo4jbackup.schedule.CronSchedule;
import dev.neo4jbackup.schedule.RetryPolicy;
import dev.neo4jbackup.signing.ManifestSigner;
import dev.neo4jbackup.signing.Trust;

@Command(name = "status", description = "Last result, next run, pause, failures, free space, and whether a backup "
        + "is recommended now.", footer = { "", "Example:", "  neo4j-backup status" })
class StatusCommand extends CliCommand {

    /** The key in force, and the backups its keys do not vouch for. */
    private static void signing(CliContext context, PrintWriter out) {
        BackupCatalog catalog = context.bean(BackupCatalog.class);
        ManifestSigner signer = catalog.signer();
        var entries = catalog.entries();
        long unsigned = entries.stream().filter(e -> e.valid() && e.trust().state()
                == Trust.State.UNSIGNED).count();
        long untrusted = entries.stream().filter(CatalogEntry::untrusted).count();
        out.println("Signing:        key " + signer.keyId() + " (" + signer.keySource() + ")"
                + (signer.previousKeyIds().isEmpty() ? "" : ", previous " + String.join(", ", signer.previousKeyIds()))
                + "; " + unsigned + " UNSIGNED, " + untrusted + " UNTRUSTED backup" + (untrusted == 1 ? "" : "s"));
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        CliContext context = cli.context();
        BackupProperties properties = context.bean(BackupProperties.class);
        CronSchedule schedule = context.bean(CronSchedule.class);
        ServiceState state = context.bean(StateStore.class).read();
        Instant now = context.bean(Clock.class).instant();
        boolean scheduled = context.schedulerEnabled();
        // without the scheduler nothing runs at the schedule's times: no next backup to announce
        Optional<Instant> next = scheduled ? RetryPolicy.nextAttempt(schedule, state, now) : Optional.empty();
        BackupOperations.Status status = context.bean(BackupOperations.class).status(next);

        out.println("Scheduler:      " + (!scheduled
                ? "disabled (backup.scheduler.enabled=false): no scheduled backups; to run " + schedule.description()
                        + " (" + schedule.expression() + "), set BACKUP_SCHEDULER_ENABLED=true and restart the service"
                : state.paused()
                ? "PAUSED since " + Format.time(state.pausedAt()) + " (" + state.pauseReason() + "); resume with: "
                        + "neo4j-backup resume"
                : "active, " + schedule.description() + " (" + schedule.expression() + ")"));
        out.println("Next backup:    " + status.nextRun().map(t -> Format.time(t) + " ("
                + Format.age(Duration.between(t, now)) + ")" + (t.equals(state.nextRetryAt()) ? ", a retry" : ""))
                .orElse(!scheduled ? "none: the scheduler is disabled (take one by hand: neo4j-backup create)"
                        : "none while paused"));
        out.println("Last attempt:   " + (state.lastAttemptAt() == null ? "none"
                : state.lastAttemptId() + " at " + Format.time(state.lastAttemptAt()) + ": " + state.lastResult()
                        + (state.lastErrorCode() == null ? "" : " (" + state.lastErrorCode() + ": " + state.lastError()
                                + ")")));
        out.println("Last success:   " + (status.lastSuccessAge() == null ? "none"
                : (state.lastSuccessId() != null ? state.lastSuccessId() + ", " : "")
                        + Format.age(status.lastSuccessAge())));
        out.println("Failures:       " + state.consecutiveFailures() + " in a row (pause after "
                + properties.retry().pauseAfter() + ")");
        out.println("Backups:        " + status.backups().size() + ", " + Format.size(status.storedBytes())
                + " in " + properties.storage().path().toAbsolutePath().normalize());
        signing(context, out);
        for (var invalid : status.invalid()) {
            out.println("Invalid:        " + invalid.fileName() + ": " + invalid.problem() + " (never counted; "
                    + "neo4j-backup delete " + invalid.id() + " --force removes it)");
        }
        if (status.totalBytes() > 0) {
            FreeSpace space = new FreeSpace(status.freeBytes(), status.totalBytes());
            double minimum = properties.disk().minFreeRatio();
            out.println("Free space:     " + Format.size(status.freeBytes()) + " of " + Format.size(status.totalBytes())
                    + " (" + Durations.percent(space.freeRatio()) + ")"
                    + String.format(Locale.ROOT, ", minimum %.0f %%", minimum * 100)
                    + (space.check(0, minimum).ok() ? "" : "  LOW"));
        }
        context.bean(OffsiteCopies.class).summary().forEach((name, line) -> out.println(
                "Off-site:       " + name + ": " + line));
        out.println("Recovery:       " + context.bean(RecoveryTracker.class).current()
                .describe());
        Encryption.of(properties.encryption()).identityExposed().ifPresent(warning -> out
                .println("Encryption:     WARNING: " + warning));
        out.println(status.recommended() != null ? status.recommended() : "No backup needed now.");
        return Cli.OK;
    }
}
