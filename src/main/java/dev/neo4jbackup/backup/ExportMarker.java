package dev.neo4jbackup.backup;

import java.io.IOException;
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
 * "A logical export is running" ({@code .export.json} in the storage folder): written atomically when the export
 * begins, removed when it ends however it ends in a living process (its run then reports it). A marker found at a
 * start whose storage lock is free was left by a process that died mid-export (kill -9, a crash, the OOM killer):
 * {@link StartupRecovery} records that run as failed (BACKUP_INTERRUPTED: logged, alerted, counted).
 *
 * @param id the run's backup id (its work folder's name)
 */
record ExportMarker(String id, String database, String trigger, Instant startedAt, long pid, String host) {

    private static final Logger log = LoggerFactory.getLogger(ExportMarker.class);

    /** The marker of one export, to {@link Running#end()} when it ends. */
    interface Running {
        void end();
    }

    /** Writes the marker of the export into {@code workDir} ({@code <storage>/.staging/<id>}). */
    static Running begin(Path workDir, String database, String trigger, Instant at) {
        Path storage = workDir.toAbsolutePath().getParent().getParent();
        Path file = storage.resolve(CatalogNames.EXPORT_MARKER);
        AtomicJsonFile.write(file, new ExportMarker(workDir.getFileName().toString(), database, trigger, at,
                ProcessHandle.current().pid(), HostName.local()));
        return () -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("cannot remove the export marker {}: {}", file, e.getMessage());
            }
        };
    }

    static Optional<ExportMarker> read(Path storage) {
        Path file = storage.resolve(CatalogNames.EXPORT_MARKER);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonCodec.read(file, ExportMarker.class));
        } catch (RuntimeException e) {
            log.warn("EXPORT_MARKER_UNREADABLE: {} ({}); removed", file, e.getMessage());
            clear(storage);
            return Optional.empty();
        }
    }

    static void clear(Path storage) {
        try {
            Files.deleteIfExists(storage.resolve(CatalogNames.EXPORT_MARKER));
        } catch (IOException e) {
            log.warn("cannot remove the export marker: {}", e.getMessage());
        }
    }
}
