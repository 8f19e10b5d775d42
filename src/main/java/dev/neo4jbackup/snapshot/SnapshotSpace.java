package dev.neo4jbackup.snapshot;

import java.util.Optional;

import dev.neo4jbackup.catalog.SpaceCheck;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.format.Sizes;

/**
 * The room a live snapshot needs on Neo4j's own volume, a pure function. A snapshot shares every block with the
 * live store until one of them is written: then the write needs a new block. Two things write: the scratch
 * recovery (it replays the transaction logs into the snapshot's store, so at most the smaller of the store and
 * the logs) and the running Neo4j meanwhile (its writes during the recovery and the dump; the reserve).
 *
 * @param storeBytes the store folders under {@code databases/}
 * @param logBytes   the transaction logs under {@code transactions/}
 * @param reserve    for what the running Neo4j writes while the snapshot exists
 */
public record SnapshotSpace(long storeBytes, long logBytes, long reserve) {

    /** The reserve unless told otherwise: a quiet hour's writes of a small database. */
    public static final long DEFAULT_RESERVE = 256L << 20;

    public long required() {
        return Math.min(Math.max(storeBytes, 0), Math.max(logBytes, 0)) + Math.max(reserve, 0);
    }

    /**
     * BACKUP_NO_SPACE when the volume's usable bytes do not cover {@link #required()} (or would leave less than
     * {@code minFreeRatio} of it free), with the numbers and what the requirement is made of; empty when it fits.
     */
    public Optional<BackupFailure> refusal(Object volume, long usable, long total, double minFreeRatio) {
        return new SpaceCheck(required(), usable, total, minFreeRatio).refusal(volume,
                "for a live snapshot (the recovery may write " + Sizes.human(Math.min(storeBytes, logBytes))
                        + ", the smaller of the store " + Sizes.human(storeBytes) + " and its transaction logs "
                        + Sizes.human(logBytes) + ", plus a reserve of " + Sizes.human(reserve)
                        + " for Neo4j's own writes meanwhile); checked before the snapshot",
                "after the live snapshot", "Free space on Neo4j's volume (a snapshot shares its blocks until they "
                        + "are written), or set backup.neo4j.snapshot=copy or off");
    }
}
