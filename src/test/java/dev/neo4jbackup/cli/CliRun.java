package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/** One CLI invocation in this JVM, its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Map<String, String> properties, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            exit = Cli.execute(args, new PrintWriter(out), new PrintWriter(err), properties);
        } finally {
            // a real command ends its process; in this JVM its quiet log levels must not outlive it
            LoggingSystem logging = LoggingSystem.get(CliRun.class.getClassLoader());
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
            logging.setLogLevel("org.neo4j.driver", LogLevel.WARN);
        }
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
