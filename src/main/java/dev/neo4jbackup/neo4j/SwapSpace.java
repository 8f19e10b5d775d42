package dev.neo4jbackup.neo4j;

import java.util.Optional;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.format.Sizes;

/**
 * The room a swap restore needs next to Neo4j's data, a pure function: the backup is loaded there whole while the
 * live store stays (the swap itself is renames: no bytes move), so the volume must hold a second store, the dump's
 * store size as its header says ({@code load --info}, "Bytes:"), plus what the load writes beside it (a fresh
 * transaction log and its checkpoint, the allowance). Checked before anything starts.
 */
public record SwapSpace(long storeBytes, long allowance) {

    /** The allowance unless told otherwise. */
    public static final long DEFAULT_ALLOWANCE = 64L << 20;

    public long required() {
        return Math.max(storeBytes, 0) + Math.max(allowance, 0);
    }

    /** BACKUP_NO_SPACE when {@code usable} bytes of the volume at {@code where} do not hold it; empty when they do. */
    public Optional<BackupFailure> refusal(Object where, long usable) {
        if (required() <= usable) {
            return Optional.empty();
        }
        return Optional.of(new BackupFailure(ErrorCode.BACKUP_NO_SPACE, "Not enough space on " + where + " to load "
                + "the backup beside the live store (a swap restore holds both until its check passed); checked "
                + "before anything started", "Required: " + Sizes.human(required()) + " | Available: "
                        + Sizes.human(usable), "Free space on Neo4j's volume, or restore with the load in the stop "
                                + "window (no second store)", null));
    }
}
