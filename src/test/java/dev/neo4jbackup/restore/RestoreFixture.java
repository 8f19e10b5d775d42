package dev.neo4jbackup.restore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.StateStopMarkers;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.crypt.Encryption;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.Neo4jConfiguration;
import dev.neo4jbackup.neo4j.Quiescer;
import dev.neo4jbackup.neo4j.Neo4jAdmin;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SharedBackup;
import dev.neo4jbackup.testing.SharedNeo4j;

/**
 * A {@link Restorer} over a real server wired the way RestoreConfiguration does it, without Spring: the
 * runner of {@link RunnerFixture} for the backups and the safety backup, the real neo4j-admin and
 * bin/neo4j stop/start, and the events kept in a list.
 */
final class RestoreFixture implements AutoCloseable {

    final List<Object> events = new ArrayList<>();
    final RunnerFixture runnerFixture;
    final BackupCatalog catalog;
    final RecoveryTracker tracker;
    final RestoreTargets targets;
    final Restorer restorer;
    final BackupValidator validator;

    RestoreFixture(Neo4jServer server, Path storage) {
        this(new RunnerFixture(server, storage));
    }

    /** @param runnerFixture with any extra properties set (e.g. restore targets) */
    RestoreFixture(RunnerFixture runnerFixture) {
        this(runnerFixture, catalog -> RestoreHooks.NONE);
    }

    /** @param hooks the pre-restore hook over the fixture's catalogue, as the service hands the restorer its own */
    RestoreFixture(RunnerFixture runnerFixture, Function<BackupCatalog, RestoreHooks> hooks) {
        this.runnerFixture = runnerFixture;
        Neo4jServer server = runnerFixture.server();
        BackupProperties properties = runnerFixture.properties();
        ProcessRunner processes = new ProcessRunner(ChildEnvironment.byName());
        catalog = runnerFixture.catalog();
        Neo4jAdmin admin = new Neo4jAdmin(server.installation(), processes);
        Quiescer quiescer = Neo4jConfiguration.quiescerFor(properties, server.installation(), processes,
                server.driver());
        targets = new RestoreTargets(new RestoreTarget(BackupProperties.Restore.PRIMARY, true, admin, quiescer,
                server.driver()), properties, processes);
        tracker = new RecoveryTracker(catalog.root(), Clock.systemUTC());
        StorageLock lock = new StorageLock(catalog.root());
        validator = new BackupValidator(catalog, lock, admin, Clock.systemUTC(), properties.neo4j().dumpTimeout(),
                Encryption.of(properties.encryption()).opener().orElse(null));
        var runner = runnerFixture.build();
        restorer = new Restorer(catalog, lock, new StateStopMarkers(new StateStore(catalog.root())), validator,
                runner, targets, new RestoreChecks(properties.restore().indexTimeout()), tracker, events::add,
                Clock.systemUTC(), properties.neo4j().dumpTimeout(), properties.neo4j().startTimeout(),
                hooks.apply(catalog));
    }

    /** A manual backup of the server; fails the test if the run fails. */
    String backup() {
        RunReport report = runnerFixture.build().run(BackupRequest.of(Trigger.MANUAL, "test"));
        if (!report.ok()) {
            throw new AssertionError("backup failed: " + report.firstFailure());
        }
        return report.outcomes().get(0).id();
    }

    /**
     * A copy of the JVM's one backup of the shared server ({@link SharedBackup}) in this fixture's storage: for
     * tests of what is done with a backup rather than of taking one. Only over the shared server.
     */
    String sharedBackup() {
        if (runnerFixture.server() != SharedNeo4j.get()) {
            throw new IllegalStateException("the shared backup is of the shared server, not of "
                    + runnerFixture.server().name());
        }
        return SharedBackup.copyInto(catalog.root());
    }

    RestoreResult restore(String id) {
        return restorer.restore(RestoreRequest.of(id), Confirmer.YES);
    }

    @Override
    public void close() {
        targets.close();
    }
}
