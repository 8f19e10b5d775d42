package dev.neo4jbackup.restore;

import java.nio.file.Path;

import dev.neo4jbackup.backup.BackupKind;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.DowntimeWindow;

/**
 * The safety backup's kind for a dump restore with one stop window: the dump of the current database,
 * then, still inside the same stop, the load of the backup being restored. Neo4j stops once for both;
 * the safety dump is packaged, verified and published by the backup run as any safety backup is.
 *
 * <p>A failed load never fails the safety backup: the safety dump is complete and is exactly what the
 * rollback needs, so the load's failure is kept here ({@link #loadFailure}) for the restore to roll back
 * with. The load only runs after the safety dump was written, so a failed safety dump loads nothing.
 */
final class LoadAfterSafetyDump implements BackupKind {

    /** The load, inside the window; its neo4j-admin is told to {@code children} (the stop marker). */
    interface Load {
        void run(DowntimeWindow.Children children);
    }

    private final BackupKind dump;
    private final Load load;
    private volatile boolean loaded;
    private volatile BackupFailure loadFailure;

    LoadAfterSafetyDump(BackupKind dump, Load load) {
        this.dump = dump;
        this.load = load;
    }

    @Override
    public String name() {
        return dump.name();
    }

    @Override
    public boolean needsDowntime() {
        return true;
    }

    @Override
    public Path produce(String database, Path workDir, DowntimeWindow.Children children) {
        Path safety = dump.produce(database, workDir, children); // throws: no safety dump, so no load either
        loaded = true;
        try {
            load.run(children);
        } catch (BackupFailure failed) {
            loadFailure = failed;
        } catch (RuntimeException failed) {
            loadFailure = BackupFailure.of(ErrorCode.NEO4J_ADMIN_FAILED, "The load failed: " + failed, failed);
        }
        return safety;
    }

    @Override
    public Manifest.Logical factsOf(Path file) {
        return dump.factsOf(file);
    }

    @Override
    public GraphStats graphOf(Path file) {
        return dump.graphOf(file);
    }

    /** Whether the load was attempted (the safety dump was written first). */
    boolean loadAttempted() {
        return loaded;
    }

    /** Why the load failed; null when it ran through (or never ran). */
    BackupFailure loadFailure() {
        return loadFailure;
    }
}
