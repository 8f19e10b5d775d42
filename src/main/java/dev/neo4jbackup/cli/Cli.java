package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import dev.neo4jbackup.config.ConfigFailureAnalyzer;
import dev.neo4jbackup.config.ConfigInvalidException;
import dev.neo4jbackup.config.Nearest;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;

/**
 * {@code neo4j-backup}: the operator's command line over the same jar as the service. Each command
 * is one class; they share the service's storage lock and state file, so a {@code create} while the
 * service runs a backup says BACKUP_LOCKED, and a {@code pause} is honoured by the service.
 * Exit codes: 0 done, 1 failed, 2 usage.
 */
@Command(name = "neo4j-backup", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Cli.Version.class,
        description = "Backups of a Neo4j database: take, list, check, restore, delete and schedule them.",
        subcommands = { CreateCommand.class, ListCommand.class, InfoCommand.class, ValidateCommand.class,
                RestoreCommand.class, FetchCommand.class, DeleteCommand.class, PruneCommand.class, StatusCommand.class, PauseCommand.class,
                ResumeCommand.class, ScheduleCommand.class, CommandLine.HelpCommand.class },
        footer = { "", "Without a command, or with 'schedule', the service runs: backups on the schedule, "
                + "health and metrics over HTTP.",
                "Configuration comes from the environment (BACKUP_STORAGE_PATH, NEO4J_HOME, NEO4J_URI, ...) "
                        + "and --config." })
public class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /**
     * Words that are no command but what an operator may type for one (the alert texts once named a
     * command "backup"): a usage error that names the real command.
     */
    static final Map<String, String> MEANT = Map.of("backup", "create", "run", "create", "ls", "list",
            "show", "info", "check", "validate", "verify", "validate", "rm", "delete", "remove", "delete");

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

    /**
     * True unless the arguments ask for the service: no command word at all, or {@code schedule}. Any other
     * word, a command or not, goes to the command line, so that a mistyped command is a usage error (exit 2)
     * and never a second running service. Options before the word are skipped, with {@code --config}'s value.
     */
    public static boolean isCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return true;
            }
            if (arg.equals("--config")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return !arg.equals("schedule");
            }
        }
        return false;
    }

    /**
     * The service's arguments: Spring's own ({@code --server.port=8080}) as given, without the
     * {@code schedule} word and the command line's options; {@code --config FILE} as the additional
     * configuration file Spring reads.
     */
    public static String[] serviceArgs(String[] args) {
        List<String> service = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") || arg.startsWith("--config=")) {
                String file = arg.equals("--config") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(9);
                service.add("--spring.config.additional-location=" + configLocation(Path.of(file)));
            } else if (!arg.equals("schedule") && !arg.equals("-v") && !arg.equals("--verbose")) {
                service.add(arg);
            }
        }
        return service.toArray(String[]::new);
    }

    /** {@code --config}'s file as a Spring config location; CONFIG_INVALID when it cannot be read. */
    static String configLocation(Path config) {
        if (!Files.isRegularFile(config) || !Files.isReadable(config)) {
            throw new ConfigInvalidException("--config", config, "file not found or not readable",
                    "give the path of an application.yml or .properties file");
        }
        return "file:" + config.toAbsolutePath();
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
        // ids are parsed where picocli reads them; a malformed one says INVALID_INPUT and is a usage error (exit 2)
        commandLine.registerConverter(BackupId.class, BackupId::parse);
        commandLine.setParameterExceptionHandler(Cli::usageError);
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

    /**
     * A usage error: picocli's message, a did-you-mean (the command meant by a word in {@link #MEANT}, the
     * nearest command, or picocli's suggestions), else the usage; exit 2.
     */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        if (e.getCause() instanceof BackupId.Invalid invalid) {
            // what was typed is no backup id (../../etc/passwd): the command was misused, as a bad database name is
            printFailure(invalid, err);
            return USAGE;
        }
        err.println("ERROR: USAGE: " + e.getMessage());
        boolean suggested = false;
        // a word where the command goes: the command meant by it, before picocli's (similarity) suggestions
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && line.getParent() == null) {
            String word = unmatched.getUnmatched().get(0);
            String meant = MEANT.get(word);
            if (meant == null && !word.startsWith("-") && !unmatched.isUnknownOption()) {
                // picocli's own suggestions miss plain typos (lsit): the nearest command, when one is close
                meant = Nearest.to(word, line.getSubcommands().keySet(), 2).orElse(null);
            }
            if (meant != null) {
                err.println("Did you mean: " + line.getCommandName() + " " + meant + "?");
                suggested = true;
            }
        }
        suggested = suggested || CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (suggested) {
            err.println("  Action: see " + line.getCommandName() + " --help for the commands and their options");
        } else {
            line.usage(err);
        }
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Every error says code, reason and action; a stack trace only with --verbose. */
    static void printFailure(Throwable e, PrintWriter err) {
        var config = ConfigFailureAnalyzer.describe(e);
        if (config.isPresent()) {
            // the service's own line for the same mistake (ConfigFailureAnalyzer), not the converter's message
            err.println("ERROR: " + config.get().getMessage());
            return;
        }
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
