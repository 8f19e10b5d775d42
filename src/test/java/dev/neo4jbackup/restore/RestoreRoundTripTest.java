package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.Datasets;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jExtension.Fresh;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * A successful restore against the real Neo4j: a graph is backed up, its data deleted, the backup
 * restored; the counts AND the content fingerprint equal those before, the health checks passed, the
 * state machine ended in RECOVERY_SUCCESS, and the safety backup holds what was there before the restore.
 * The restore tells its progress as it goes: each stage's line (validate, safety backup, stop, load, start,
 * each check) arrives when the stage starts, in order, with the time since the restore began, long before
 * the restore ends; a validation asked for meanwhile is refused with BACKUP_LOCKED naming the restore, and
 * the restore goes on undisturbed ({@link ProgressLines}).
 * Once on the public stackoverflow graph (skipped without ../shared), once on a graph made here.
 */
@ExtendWith(Neo4jExtension.class)
class RestoreRoundTripTest {

    @TempDir
    Path storage;

    @Test
    void stackoverflowBackedUpDeletedAndRestoredIsTheSameGraph() {
        Path dataset = Datasets.stackoverflow();
        try (Neo4jServer server = Neo4jServer.create("so-restore")) {
            server.load(dataset, "neo4j");
            server.start();
            roundTrip(server);
        }
    }

    @Test
    void generatedGraphBackedUpDeletedAndRestoredIsTheSameGraph(@Fresh Neo4jServer server) {
        SampleGraph.create(server.driver());
        roundTrip(server);
    }

    private void roundTrip(Neo4jServer server) {
        GraphFingerprint.Print before = GraphFingerprint.of(server.driver());
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.backup();
            Manifest manifest = fixture.catalog.require(id);
            assertThat(manifest.graph().nodes()).isEqualTo(before.nodes());

            server.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS");
            server.run("CREATE (:Intruder {name: 'written after the backup'})");
            assertThat(GraphFingerprint.of(server.driver()).hash()).isNotEqualTo(before.hash());

            ProgressLines progress = ProgressLines.validatingDuringLoad(id, fixture.validator);
            RestoreResult result = fixture.restorer.restore(RestoreRequest.of(id), Confirmer.YES, progress);
            long endedAt = System.nanoTime();

            assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(result.checks()).extracting(RestoreChecks.Check::name).containsExactly(
                    RestoreChecks.CONNECTIVITY, RestoreChecks.GRAPH_COUNTS, RestoreChecks.SCHEMA, RestoreChecks.ORPHANS);
            assertThat(result.checks()).allMatch(RestoreChecks.Check::passed);
            assertThat(result.lines()).contains("Checksum verification: PASSED",
                    "Health check: connectivity ... PASS");
            GraphFingerprint.Print after = GraphFingerprint.of(server.driver());
            assertThat(after).isEqualTo(before);
            assertThat(server.count("MATCH (n) RETURN count(n)")).isEqualTo(manifest.graph().nodes());
            assertThat(server.count("MATCH ()-[r]->() RETURN count(r)")).isEqualTo(manifest.graph().relationships());
            for (var label : manifest.graph().labels().entrySet()) {
                assertThat(server.count("MATCH (n:`" + label.getKey() + "`) RETURN count(n)")).as(label.getKey())
                        .isEqualTo(label.getValue());
            }
            assertThat(result.observed().indexes()).isEqualTo(manifest.graph().indexes());
            assertThat(result.observed().constraints()).isEqualTo(manifest.graph().constraints());

            // the safety backup holds the state just before the restore: one intruder node
            Manifest safety = fixture.catalog.require(result.safetyBackupId());
            assertThat(safety.trigger()).isEqualTo(Trigger.SAFETY);
            assertThat(safety.reason()).isEqualTo("before restore of " + id);
            assertThat(safety.graph().nodes()).isEqualTo(1);
            assertThat(safety.graph().labels()).containsEntry("Intruder", 1L);

            RecoveryStatus status = fixture.tracker.current();
            assertThat(status.state()).isEqualTo(RecoveryState.RECOVERY_SUCCESS);
            assertThat(status.backupId()).isEqualTo(id);
            assertThat(status.safetyBackupId()).isEqualTo(result.safetyBackupId());
            Manifest validated = fixture.catalog.require(id);
            assertThat(validated.status()).isEqualTo(Manifest.Status.VALIDATED);
            assertThat(validated.validation()).isEqualTo("restore+checks on primary");
            assertThat(fixture.events).hasAtLeastOneElementOfType(RestoreEvents.RestoreSucceeded.class);
            // counted once, as a successful restore with its downtime (the metrics' RestoreMetricsTest)
            assertThat(fixture.events).filteredOn(RestoreEvents.RestoreFinished.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(RestoreEvents.RestoreFinished.class, finished -> {
                        assertThat(finished.succeeded()).isTrue();
                        assertThat(finished.kind()).isEqualTo(RestoreEvents.RestoreFinished.RESTORE);
                        assertThat(finished.downtime()).isEqualTo(result.downtime()).isPositive();
                    });
            System.out.printf("ROUND_TRIP: %d nodes, %d relationships, fingerprint %s, restore took %d ms, "
                    + "offline %d ms%n", after.nodes(), after.relationships(), after.hash(), result.took().toMillis(),
                    result.downtime().toMillis());
            assertThat(List.of(result.took(), result.downtime())).allMatch(d -> !d.isNegative());

            // the same restore told each stage as it started, and refused a validation of its backup meanwhile
            progress.assertToldAsItWent(id, result, endedAt);
        }
    }
}
