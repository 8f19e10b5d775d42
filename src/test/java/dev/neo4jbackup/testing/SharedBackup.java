package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.domain.Trigger;

/**
 * One manual backup of the {@link SharedNeo4j} server's sample graph per JVM, taken when first asked for (a
 * stop, a dump and a start: 15 s to a minute on two shared cores), then copied whole (archive, sidecar,
 * manifest, state) into each test's own storage folder, where the test may flip bytes, rewrite the manifest
 * or fill the disk without touching the others. For tests about what is done with a backup (validate, a
 * refused restore), not about taking one; a restore that loads it must use the shared server too.
 */
public final class SharedBackup {

    private static Path origin;
    private static String id;

    private SharedBackup() {
    }

    /** Copies the backup into {@code storage} (created if missing) and returns its id. */
    public static synchronized String copyInto(Path storage) {
        try {
            if (origin == null) {
                take();
            }
            Files.createDirectories(storage);
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(origin)) {
                entries = walk.filter(p -> !p.equals(origin)).sorted().toList();
            }
            for (Path from : entries) {
                Path to = storage.resolve(origin.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else if (!from.getFileName().toString().equals(".lock")) {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void take() throws IOException {
        Path dir = Files.createTempDirectory("shared-backup-");
        RunReport report = new RunnerFixture(SharedNeo4j.get(), dir).build()
                .run(BackupRequest.of(Trigger.MANUAL, "test"));
        if (!report.ok()) {
            throw new AssertionError("the shared backup failed: " + report.firstFailure());
        }
        id = report.outcomes().get(0).id();
        origin = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }, "shared-backup-delete"));
    }
}
