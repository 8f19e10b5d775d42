package dev.neo4jbackup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One CLI invocation in this JVM, its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Map<String, String> properties, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.execute(args, new PrintWriter(out), new PrintWriter(err), properties);
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
