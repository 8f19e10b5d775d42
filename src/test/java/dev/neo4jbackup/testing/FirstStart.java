package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a test server's first start makes, made once per build and Neo4j home and then copied: the data
 * folder of a server that started once (system and neo4j databases created, the test password taken) and
 * the class archive (AppCDS) its JVM wrote at exit. A new server starts from a copy of that folder with
 * the archive: no {@code set-initial-password} JVM, no database creation, ~30 % less CPU per start. The
 * suite starts Neo4j well over a hundred times on two cores.
 *
 * <p>Kept next to the home ({@code target/neo4j-home-first-start/}); the two surefire forks take turns
 * through a file lock, so one makes it while the other waits. When it cannot be made, the reason goes to
 * stderr and servers start as before (slower, never different in what they hold).
 * Only where {@code -Dneo4j.test.first-start=true} (the surefire configuration): the benchmark's servers
 * start the way an operator's does.
 */
final class FirstStart {

    private static final Map<Path, Optional<FirstStart>> MADE = new HashMap<>();

    private final Path data;
    private final Path classArchive;

    private FirstStart(Path data, Path classArchive) {
        this.data = data;
        this.classArchive = classArchive;
    }

    /**
     * The first start of {@code home}, made now when no fork has yet; empty when switched off or when it
     * cannot be made.
     */
    static synchronized Optional<FirstStart> of(Path home, Maker make) {
        if (!Boolean.getBoolean("neo4j.test.first-start")) {
            return Optional.empty();
        }
        return MADE.computeIfAbsent(home, h -> load(h, make));
    }

    /** Starts once and stops a throwaway server whose JVM writes {@code archive}; copies its data to {@code data}. */
    interface Maker {
        void make(Path archive, Path data) throws IOException;
    }

    /** The option that makes a server's JVM use the archive. */
    String jvmOption() {
        return "-XX:SharedArchiveFile=" + classArchive;
    }

    /** Copies the first start's data into a new server's empty data folder. */
    void copyDataTo(Path target) throws IOException {
        copyTree(data, target);
    }

    private static Optional<FirstStart> load(Path home, Maker make) {
        Path folder = home.resolveSibling(home.getFileName() + "-first-start");
        Path done = folder.resolve("done");
        try {
            Files.createDirectories(folder.getParent());
            try (FileChannel lock = FileChannel.open(home.resolveSibling(home.getFileName() + "-first-start.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); var held = lock.lock()) {
                if (!Files.exists(done)) {
                    deleteTree(folder);
                    Files.createDirectories(folder);
                    Path archive = folder.resolve("server.jsa");
                    make.make(archive, folder.resolve("data"));
                    if (!Files.isRegularFile(archive)) {
                        throw new IOException("the server's JVM wrote no class archive at " + archive);
                    }
                    // each server makes its own id at its first start
                    Files.deleteIfExists(folder.resolve("data/server_id"));
                    Files.writeString(done, "made by a test JVM; delete this folder to make it again\n");
                }
            }
            return Optional.of(new FirstStart(folder.resolve("data"), folder.resolve("server.jsa")));
        } catch (IOException | RuntimeException e) {
            System.err.println("Neo4j test servers start without a first-start copy (" + folder + "): " + e);
            return Optional.empty();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
