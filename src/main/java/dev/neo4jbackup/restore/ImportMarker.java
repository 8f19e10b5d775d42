package dev.neo4jbackup.restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.AtomicJsonFile;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.HostName;

/**
 * "An import is in progress" ({@code .import.json} in the storage folder), written atomically before a logical
 * restore's first write (the clear, or the first schema entry of a merge) and removed once the restore has ended
 * in a state an operator was told of (restored, rolled back, or failed with what to do). A marker found at a start
 * whose storage lock is free was left by a process that died mid-import: {@link InterruptedRestores} finishes it.
 *
 * @param backupId       what was being imported (a backup id, or the path of an external file)
 * @param safetyBackupId the safety backup taken before, or null ({@code --no-safety-backup}, a scratch target)
 * @param mode           {@code clear-first} or {@code merge}
 */
public record ImportMarker(String database, String backupId, String safetyBackupId, String mode, String target,
        Instant startedAt, long pid, String host) {

    private static final Logger log = LoggerFactory.getLogger(ImportMarker.class);

    static ImportMarker now(String database, String backupId, String safetyBackupId, String mode, String target,
            Instant at) {
        return new ImportMarker(database, backupId, safetyBackupId, mode, target, at, ProcessHandle.current().pid(),
                HostName.local());
    }

    static Path file(Path storage) {
        return storage.resolve(CatalogNames.IMPORT_MARKER);
    }

    void write(Path storage) {
        AtomicJsonFile.write(file(storage), this);
    }

    /** The marker, or empty; an unreadable one is reported and read as none (it cannot say what to roll back). */
    static Optional<ImportMarker> read(Path storage) {
        Path file = file(storage);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonCodec.read(file, ImportMarker.class));
        } catch (RuntimeException e) {
            log.error("IMPORT_MARKER_UNREADABLE: {} ({}); an interrupted import cannot be rolled back from it: check "
                    + "the database, then remove the file", file, e.getMessage());
            return Optional.empty();
        }
    }

    static void clear(Path storage) {
        try {
            Files.deleteIfExists(file(storage));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(storage), e);
        }
    }

    String describe() {
        return "the " + mode + " import of " + backupId + " into " + database + " on " + target + " (pid " + pid
                + " on " + host + ", started " + startedAt + (safetyBackupId != null ? ", safety backup "
                        + safetyBackupId : ", no safety backup") + ")";
    }
}
