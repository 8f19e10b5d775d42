package dev.neo4jbackup.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.restore.Confirmer;
import dev.neo4jbackup.restore.RestoreChecks;
import dev.neo4jbackup.restore.RestoreRequest;
import dev.neo4jbackup.restore.RestoreResult;
import dev.neo4jbackup.restore.Restorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = "Restore a backup: validate it, take a safety backup, stop Neo4j, load, "
        + "start, run the health checks; roll back to the safety backup when a check fails.",
        footer = { "", "Examples:", "  neo4j-backup restore neo4j-20261125-020000 --dry-run   # validate, show the plan",
                "  neo4j-backup restore neo4j-20261125-020000             # asks for confirmation",
                "  neo4j-backup restore neo4j-20261125-020000 --target test            # a test instance only",
                "  neo4j-backup restore neo4j-20261125-020000 --target test --promote  # then the primary",
                "  neo4j-backup restore neo4j-20261125-020000 --yes --no-safety-backup # Neo4j is beyond saving",
                "  neo4j-backup restore neo4j-20261125-020000 --from offsite  # a fresh machine: fetch, then restore",
                "  neo4j-backup restore --file /data/movies.json --mode merge  # APOC's export.json.all, or ours" })
class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<id>", arity = "0..1", description = "A backup id: <database>-<yyyyMMdd-HHmmss>.")
    BackupId id;

    @Option(names = "--file", paramLabel = "<path>", description = "Instead of a backup: a logical file (APOC's "
            + "apoc.export.json.all JSON lines, with or without our header; .gz or not), proven whole first; an "
            + "unsigned external file, never catalogued.")
    java.nio.file.Path file;

    @Option(names = "--database", paramLabel = "<name>", converter = DatabaseNameOption.class,
            description = "The database to load into (default: the one the backup was taken of).")
    String database;

    @Option(names = { "-y", "--yes" }, description = "Do not ask; required without a terminal.")
    boolean yes;

    @Option(names = "--dry-run", description = "Validate and show what would happen; nothing is stopped or loaded.")
    boolean dryRun;

    @Option(names = "--no-safety-backup", description = "Skip the backup of the current database (no rollback then).")
    boolean noSafetyBackup;

    @Option(names = "--target", paramLabel = "<name>",
            description = "Restore into backup.restore.targets.<name> instead of the primary.")
    String target;

    @Option(names = "--mode", paramLabel = "clear-first|merge", converter = ModeOption.class,
            description = "A logical backup: clear-first (default: delete, then import) or merge (add to what is there;"
                    + " merging twice is merging once). A dump is always loaded whole.")
    dev.neo4jbackup.logical.LogicalImporter.Mode mode;

    static final class ModeOption implements picocli.CommandLine.ITypeConverter<dev.neo4jbackup.logical.LogicalImporter.Mode> {
        @Override
        public dev.neo4jbackup.logical.LogicalImporter.Mode convert(String value) {
            try {
                return dev.neo4jbackup.logical.LogicalImporter.Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--promote", description = "With --target: then restore into the primary if every check passed.")
    boolean promote;

    @Option(names = "--from", paramLabel = "<name>",
            description = "Fetch it from backup.destinations.<name> first (verified), then restore it.")
    String from;

    @Option(names = "--trust-unsigned", description = "Accept a backup this service did not sign (UNSIGNED, or a "
            + "signature its keys do not verify: altered, forged, or a lost key's); logged and alerted.")
    boolean trustUnsigned;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((file == null) == (id == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Name a backup <id> or a --file, "
                    + "one of them");
        }
        if (file != null) {
            return restoreFile(out);
        }
        if (from != null) {
            FetchCommand.fetch(cli.context().bean(dev.neo4jbackup.offsite.OffsiteCopies.class), id, from, out,
                    trustUnsigned);
        }
        RestoreRequest request = new RestoreRequest(id.toString(), database, target, promote, dryRun, !noSafetyBackup,
                mode, trustUnsigned);
        Restorer restorer = cli.context().bean(Restorer.class);
        out.println("INFO: Starting restore from backup " + id);
        // each stage line as it starts, with the time since the start: a restore takes minutes
        RestoreResult result = restorer.restore(request, yes ? Confirmer.YES : this::ask, (line, elapsed) -> {
            out.println("INFO: " + line + " [" + Durations.seconds(elapsed) + " s]");
            out.flush();
        });
        print(out, result);
        if (result.promoted() != null) {
            out.println("INFO: Promoting " + id + " to the primary");
            print(out, result.promoted());
        }
        RestoreResult last = result.promoted() != null ? result.promoted() : result;
        return last.outcome() == RestoreResult.Outcome.CANCELLED ? Cli.FAILED : Cli.OK;
    }

    /** {@code --file}: the same stages as a logical backup's restore, into the primary; never catalogued. */
    private int restoreFile(PrintWriter out) {
        if (from != null || target != null || promote || dryRun || trustUnsigned) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--file restores into the primary: "
                    + "--from, --target, --promote, --dry-run and --trust-unsigned do not apply (naming the file is "
                    + "vouching for it)");
        }
        String into = database != null ? database : cli.context().bean(dev.neo4jbackup.config.BackupProperties.class)
                .databases().get(0);
        out.println("INFO: Starting restore from the file " + file + " (an unsigned external file: restored because "
                + "you named it; it is never catalogued nor signed)");
        RestoreResult result = cli.context().bean(dev.neo4jbackup.restore.FileRestore.class).restore(file, into, mode,
                !noSafetyBackup, yes ? Confirmer.YES : this::ask, (line, elapsed) -> {
                    out.println("INFO: " + line + " [" + Durations.seconds(elapsed) + " s]");
                    out.flush();
                });
        if (result.outcome() == RestoreResult.Outcome.CANCELLED) {
            out.println("CANCELLED: " + file + " was not restored");
            return Cli.FAILED;
        }
        out.println("SUCCESS: Restore completed and validated");
        out.println("INFO: Restored " + result.id() + " into " + result.database() + (result.safetyBackupId() != null
                ? " (safety backup: " + result.safetyBackupId() + ")" : ""));
        out.println("INFO: Checks passed: " + String.join(", ", result.checks().stream().map(RestoreChecks.Check::name)
                .toList()));
        return Cli.OK;
    }

    private boolean ask(String question) {
        Console console = System.console();
        if (console == null) {
            throw new BackupFailure(ErrorCode.CONFIRMATION_REQUIRED, "Not restoring " + (id != null ? id : file)
                    + ": no terminal to confirm on", null, "Pass --yes to restore without confirmation", null);
        }
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }

    /** The outcome; its lines were printed as they came. */
    private void print(PrintWriter out, RestoreResult result) {
        switch (result.outcome()) {
            case DRY_RUN -> out.println("DRY RUN: " + id + " would be restored into " + result.database() + " on "
                    + result.target());
            case CANCELLED -> out.println("CANCELLED: " + id + " was not restored");
            case RESTORED -> {
                out.println("SUCCESS: Restore completed and validated");
                out.println("INFO: Restored backup: " + result.id() + " into " + result.database() + " on "
                        + result.target() + (result.safetyBackupId() != null ? " (safety backup: "
                                + result.safetyBackupId() + ")" : ""));
                out.println("INFO: Checks passed: " + String.join(", ", result.checks().stream()
                        .map(RestoreChecks.Check::name).toList()));
                if (!"primary".equals(result.target()) && !promote) {
                    out.println("INFO: Next step: verify the restored data on " + result.target()
                            + ", then run: neo4j-backup restore " + id + " --target " + result.target()
                            + " --promote");
                }
            }
        }
    }
}
