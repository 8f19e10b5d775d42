package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The real Neo4j home behind symbolic links, with a bin/neo4j-admin of the test's own in front of the real
 * one: a few lines of bash (they see neo4j-admin's arguments in {@code "$@"}) and then the real tool. For
 * what the real tool cannot be made to do (a consistency check that fails) or to watch how it was run.
 */
public final class WrappedAdmin {

    private WrappedAdmin() {
    }

    /** Builds the home in the empty folder {@code fakeHome} and returns it. */
    public static Path home(Neo4jServer server, Path fakeHome, String before) {
        Path real = server.neo4jHome();
        try {
            try (var entries = Files.list(real)) {
                for (Path entry : entries.filter(e -> !e.getFileName().toString().equals("bin")).toList()) {
                    Files.createSymbolicLink(fakeHome.resolve(entry.getFileName()), entry);
                }
            }
            Path bin = Files.createDirectories(fakeHome.resolve("bin"));
            try (var tools = Files.list(real.resolve("bin"))) {
                for (Path tool : tools.filter(t -> !t.getFileName().toString().equals("neo4j-admin")).toList()) {
                    Files.createSymbolicLink(bin.resolve(tool.getFileName()), tool);
                }
            }
            Path admin = bin.resolve("neo4j-admin");
            Files.writeString(admin, "#!/usr/bin/env bash\n" + before + "\nexec " + real.resolve("bin/neo4j-admin")
                    + " \"$@\"\n");
            Files.setPosixFilePermissions(admin, PosixFilePermissions.fromString("rwxr-xr-x"));
            return fakeHome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A neo4j-admin whose {@code database check} reports inconsistencies; every other command is the real one. */
    public static Path checkFails(Neo4jServer server, Path fakeHome) {
        return home(server, fakeHome, "if [ \"$1\" = database ] && [ \"$2\" = check ]; then\n"
                + "  echo 'Database check failed: 3 inconsistencies found' >&2; exit 1\nfi");
    }
}
