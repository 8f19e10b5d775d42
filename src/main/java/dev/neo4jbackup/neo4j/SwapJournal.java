package dev.neo4jbackup.neo4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The store swap's journal: three lines, written whole or not at all (temp file, fsync, rename, fsync of the
 * folder; not the storage folder's JSON writer, which is the catalogue's and lives on another volume). Read as
 * input: anything but the three known lines for this database is refused, and then nothing is moved.
 */
final class SwapJournal {

    // a format id like the logical files' (neo4j-backup-logical/2); never a command line an operator could read as one
    private static final String FIRST = "neo4j-backup-store-swap/1";
    private static final int MAX_BYTES = 4096;

    private final Path file;
    private final String database;

    SwapJournal(Path file, String database) {
        this.file = file;
        this.database = database;
    }

    Optional<SwapPlan.Journal> read() {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                throw unreadable("not a small regular file");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !FIRST.equals(lines.get(0))) {
                throw unreadable("its first line is not \"" + FIRST + "\"");
            }
            for (String line : lines.subList(1, lines.size())) {
                int eq = line.indexOf('=');
                if (eq < 0 || fields.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                    throw unreadable("a line is not a single key=value");
                }
            }
            if (!fields.keySet().equals(Set.of("database", "phase", "step"))
                    || !database.equals(fields.get("database"))) {
                throw unreadable("it is not a journal of database " + database);
            }
            int step = Integer.parseInt(fields.get("step"));
            if (step < 0 || step > 4) {
                throw unreadable("step " + step);
            }
            return Optional.of(new SwapPlan.Journal(database, SwapPlan.Phase.valueOf(fields.get("phase")), step));
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(e.toString());
        }
    }

    void write(SwapPlan.Journal journal) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        String text = FIRST + "\ndatabase=" + journal.database() + "\nphase=" + journal.phase().name() + "\nstep="
                + journal.step() + "\n";
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(file.getParent());
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
        syncFolder(file.getParent());
    }

    /** A rename is durable once its folder is: before the next journal line says it happened. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private BackupFailure unreadable(String why) {
        return new BackupFailure(ErrorCode.STORE_SWAP_FAILED, "The store swap journal " + file + " cannot be read ("
                + why + "); nothing was moved", null, "Look at the folders next to it and Neo4j's store of " + database
                        + "; put one whole store in place, then delete the journal", null);
    }
}
