package dev.neo4jbackup.backup;

import java.nio.file.Path;

import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.error.BackupFailure;

/** One database of a run and the id its backup gets: the first step of every database, before any stage. */
record Planned(BackupId id, String database) implements RunStep {

    @Override
    public Planned planned() {
        return this;
    }

    @Override
    public Path workDir() {
        return null;
    }

    @Override
    public BackupFailure failure() {
        return null;
    }
}
