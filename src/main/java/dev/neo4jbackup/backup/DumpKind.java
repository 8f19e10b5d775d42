package dev.neo4jbackup.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.domain.Kind;
import dev.neo4jbackup.format.Durations;
import dev.neo4jbackup.format.Sizes;
import dev.neo4jbackup.neo4j.DowntimeWindow;
import dev.neo4jbackup.neo4j.Neo4jAdmin;

/** {@code backup.kind=dump}: {@code neo4j-admin database dump} of the stopped store, with its timeout. */
final class DumpKind implements BackupKind {

    private static final Logger log = LoggerFactory.getLogger(DumpKind.class);

    private final Neo4jAdmin admin;
    private final Duration timeout;
    private final int nice;

    DumpKind(Neo4jAdmin admin, Duration timeout) {
        this(admin, timeout, 0);
    }

    /** @param nice the niceness of a snapshot's dump, which runs while Neo4j starts and serves */
    DumpKind(Neo4jAdmin admin, Duration timeout, int nice) {
        this.admin = admin;
        this.timeout = timeout;
        this.nice = nice;
    }

    @Override
    public String name() {
        return Kind.DUMP.id();
    }

    @Override
    public boolean needsDowntime() {
        return true;
    }

    @Override
    public Path produce(String database, Path workDir, DowntimeWindow.Children children) {
        log.info("Running: neo4j-admin database dump {} --to-path={}", database, workDir);
        Timed<Path> dump = Timed.of(() -> admin.dump(database, workDir, timeout,
                child -> children.record(child, "neo4j-admin database dump " + database)));
        log.info("Dump of {} created in {} seconds: {}", database, Durations.seconds(dump.took()),
                Sizes.human(size(dump.value())));
        return dump.value();
    }

    /** The dump of a snapshot's data root (Neo4j runs again meanwhile): {@code backup.neo4j.snapshot}. */
    Path produceFrom(String database, Path dataDir, Path workDir, DowntimeWindow.Children children) {
        log.info("Running: neo4j-admin database dump {} --to-path={} (from the snapshot in {}, nice {})", database,
                workDir, dataDir, nice);
        Timed<Path> dump = Timed.of(() -> admin.dumpFrom(database, dataDir, workDir, timeout, nice,
                child -> children.record(child, "neo4j-admin database dump " + database)));
        log.info("Dump of {} from its snapshot created in {} seconds: {}", database, Durations.seconds(dump.took()),
                Sizes.human(size(dump.value())));
        return dump.value();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
