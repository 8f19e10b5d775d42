package dev.neo4jbackup.restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.AtomicJsonFile;
import dev.neo4jbackup.catalog.CatalogNames;

/**
 * Moves the recovery state machine and writes every step to {@code .restore.json} (atomically) and
 * to the log as {@code RECOVERY_STATE: <state>}. The service's health, status and metric read it, so a
 * restore started from the CLI shows there too.
 */
public final class RecoveryTracker {

    private static final Logger log = LoggerFactory.getLogger(RecoveryTracker.class);

    private final Path file;
    private final Clock clock;

    public RecoveryTracker(Path storage, Clock clock) {
        this.file = storage.resolve(CatalogNames.RESTORE_STATE);
        this.clock = clock;
    }

    public synchronized RecoveryStatus current() {
        if (!Files.exists(file)) {
            return RecoveryStatus.IDLE;
        }
        try {
            return JsonCodec.read(file, RecoveryStatus.class);
        } catch (RuntimeException e) {
            log.warn("RECOVERY_STATE_UNREADABLE: {} ({}); shown as {}", file, e.getMessage(),
                    RecoveryState.NOT_RECOVERING);
            return RecoveryStatus.IDLE;
        }
    }

    /** Enters a state for the restore of {@code backupId}; a new restore starts with RECOVERING. */
    public synchronized RecoveryStatus enter(RecoveryState state, String backupId, String database, String target,
            String message, String safetyBackupId) {
        RecoveryStatus previous = current();
        boolean sameRestore = backupId != null && backupId.equals(previous.backupId()) && state != RecoveryState.RECOVERING;
        RecoveryStatus next = new RecoveryStatus(state, backupId, database, target,
                sameRestore ? previous.startedAt() : clock.instant(), clock.instant(), message, safetyBackupId);
        write(next);
        log.info("RECOVERY_STATE: {} -> {}: {} into {} on {}{}", previous.state(), state, backupId, database, target,
                message == null ? "" : " (" + message + ")");
        return next;
    }

    private void write(RecoveryStatus status) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        AtomicJsonFile.write(file, status);
    }
}
