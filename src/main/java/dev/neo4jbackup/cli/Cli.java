package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.neo4jbackup.config.ConfigInvalidException;
import dev.neo4jbackup.error.BackupFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code neo4j-backup}: the operator's command line over the same jar as the service. Each command
 * is one class; they share the service's storage lock and state file, so a {@code create} while the
 * service runs a backup says BACKUP_LOCKED, and a {@code pause} is honoured by the service.
 * Exit codes: 0 done, 1 failed, 2 usage.
 */
@Command(name = "neo4j-backup", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Cli.Version.class,
        description = "Backups of a Neo4j database: take, list, check, restore, delete and schedule them.",
        subcommands = { CreateCommand.class, ListCommand.class, InfoCommand.class, ValidateCommand.class,
                RestoreCommand.class, DeleteCommand.class, PruneCommand.class, StatusCommand.class, PauseCommand.class,
                ResumeCommand.class, ScheduleCommand.class, CommandLine.HelpCommand.class },
        footer = { "", "Without a command, or with 'schedule', the service runs: backups on the schedule, "
                + "health and metrics over HTTP.",
                "Configuration comes from the environment (BACKUP_STORAGE_PATH, NEO4J_HOME, NEO4J_URI, ...) "
                        + "and --config." })
public class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final Set<String> COMMANDS = Set.of("create", "list", "info", "validate", "restore", "delete", "prune", "status",
            "pause", "resume", "help");

    @Option(names = { "-v", "--verbose" }, scope = ScopeType.INHERIT,
            description = "Show the service's log lines (stages, timings) while the command runs.")
    boolean verbose;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "<file>",
            description = "An application.yml or .properties file with backup.* settings.")
    Path config;

    final Map<String, String> extraProperties;
    private CliContext context;

    Cli(Map<String, String> extraProperties) {
        this.extraProperties = extraProperties;
    }

    /** The Spring context, started at first use, after the options are read. */
    CliContext context() {
        if (context == null) {
            context = CliContext.start(config, verbose, extraProperties);
        }
        return context;
    }

    /** True when the arguments name a command (other than 'schedule'), so the CLI runs instead of the service. */
    public static boolean isCommand(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return true;
            }
            if (!arg.startsWith("-")) {
                return COMMANDS.contains(arg);
            }
        }
        return false;
    }

    /** The service's arguments: everything but the 'schedule' word. */
    public static String[] serviceArgs(String[] args) {
        return Arrays.stream(args).filter(a -> !a.equals("schedule")).toArray(String[]::new);
    }

    public static int execute(String[] args) {
        return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), Map.of());
    }

    /** Runs one command; {@code extraProperties} are Spring properties for tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> extraProperties) {
        Cli cli = new Cli(new LinkedHashMap<>(extraProperties));
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            printFailure(e, line.getErr());
            return FAILED;
        });
        try {
            return commandLine.execute(args);
        } finally {
            if (cli.context != null) {
                cli.context.close();
            }
            out.flush();
            err.flush();
        }
    }

    /** Every error says code, reason and action; a stack trace only with --verbose. */
    static void printFailure(Throwable e, PrintWriter err) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof BackupFailure)
                && !(cause instanceof ConfigInvalidException)) {
            cause = cause.getCause();
        }
        if (cause instanceof BackupFailure failure) {
            err.println("ERROR: " + failure.code() + ": " + failure.reason());
            for (String line : failure.lines().subList(1, failure.lines().size())) {
                if (!line.startsWith("Reason:")) {
                    err.println("  " + line);
                }
            }
        } else if (cause instanceof ConfigInvalidException invalid) {
            err.println("ERROR: " + invalid.getMessage());
        } else if (cause instanceof IllegalArgumentException bad) {
            err.println("ERROR: INVALID_INPUT: " + bad.getMessage());
            err.println("  Action: check the arguments (neo4j-backup help)");
        } else {
            err.println("ERROR: BACKUP_FAILED: " + cause);
            err.println("  Action: run again with --verbose for the log, and check the service's log");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] { "neo4j-backup " + (version != null ? version : "dev") };
        }
    }

    static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
