package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import dev.neo4jbackup.auto.AutoBackup;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.BackupRunner;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.format.Durations;

@Command(name = "create", description = "Take a backup now (stop, dump, start, package, verify).",
        footer = { "", "Examples:", "  neo4j-backup create --reason \"before the 2.4 migration\"",
                "  neo4j-backup create --database neo4j --database system",
                "  neo4j-backup create --dry-run      # checks space, neo4j-admin and Neo4j; stops nothing",
                "  neo4j-backup create --auto         # backs up only if the graph changed enough (backup.logical.auto)",
                "  neo4j-backup create --kind logical # JSON lines over Bolt; Neo4j is never stopped" })
class CreateCommand extends CliCommand {

    /** {@code --kind dump|logical}, in any case. */
    static final class KindOption implements ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return Kind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--reason", description = "Why, recorded in the manifest.")
    String reason;

    @Option(names = "--database", paramLabel = "<name>", converter = DatabaseNameOption.class,
            description = "Database to back up (repeatable); default: backup.databases.")
    List<String> databases;

    @Option(names = "--dry-run", description = "Only the preflight: nothing is stopped or written.")
    boolean dryRun;

    @Option(names = "--auto", description = "One auto-backup check now: back up only the databases that changed "
            + "enough since their last backup (thresholds of backup.logical.auto); --database, --reason and --dry-run "
            + "do not apply.")
    boolean auto;

    @Option(names = "--kind", paramLabel = "dump|logical", converter = KindOption.class,
            description = "dump (neo4j-admin, Neo4j stopped) or logical (JSON lines over Bolt, Neo4j keeps running); "
                    + "default: backup.kind.")
    Kind kind;

    @Override
    public Integer call() {
        PrintWriter out = out();
        RunReport report;
        if (auto) {
            AutoBackup.Check check = bean(AutoBackup.class).check();
            check.decisions().forEach((database, decision) -> out.println((decision.backup() ? "AUTO_BACKUP: "
                    : "AUTO_SKIPPED: ") + database + " " + decision.reason()));
            if (check.skipped() != null) {
                out.println("AUTO_SKIPPED: " + check.skipped());
            }
            if (!check.backedUp()) {
                return Cli.OK;
            }
            report = check.run();
        } else {
            BackupRunner runner = bean(BackupRunner.class);
            report = runner.run(new BackupRequest(Trigger.MANUAL, reason, Cli.orEmpty(databases), dryRun,
                    null, kind));
        }
        if (dryRun) {
            if (report.ok()) {
                out.println("DRY_RUN: preflight passed for " + report.ids() + "; nothing was stopped or written");
                return Cli.OK;
            }
        }
        for (BackupOutcome outcome : report.outcomes()) {
            if (outcome.ok() && outcome.manifest() != null) {
                var m = outcome.manifest();
                out.println("BACKUP_SUCCESS: " + m.id() + " (" + Math.round(m.durationMs() / 1000.0) + " seconds)");
                out.println("  Stored:    " + Format.size(m.storedBytes()) + " (" + m.compression().name()
                        .toLowerCase() + ") " + m.archive());
                out.println("  Checksum:  " + m.sha256());
                if (m.graph() != null) {
                    out.println("  Graph:     " + m.graph().summary());
                }
                out.println("  Downtime:  " + Durations.seconds(m.downtimeMs()) + " seconds");
            }
        }
        if (!report.ok()) {
            PrintWriter err = err();
            for (BackupOutcome outcome : report.outcomes()) {
                if (!outcome.ok()) {
                    err.println("BACKUP_FAILED: " + outcome.id());
                    Cli.printFailure(outcome.failure(), err);
                }
            }
            if (report.failure() != null && report.outcomes().stream().allMatch(BackupOutcome::ok)) {
                Cli.printFailure(report.failure(), err);
            }
            return Cli.FAILED;
        }
        return Cli.OK;
    }
}
