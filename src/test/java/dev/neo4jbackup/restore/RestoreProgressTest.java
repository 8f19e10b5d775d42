package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.domain.GraphStats;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jExtension.Fresh;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * A restore tells its progress as it goes: each stage's line (validate, safety backup, stop, load, start,
 * each check, rollback) arrives when the stage starts, in order, with the time since the restore began,
 * long before the restore ends. A validation asked for meanwhile is refused with BACKUP_LOCKED naming the
 * restore, and the restore goes on undisturbed (it used to be forced into a rollback).
 */
@ExtendWith(Neo4jExtension.class)
class RestoreProgressTest {

    @TempDir
    Path storage;

    record Seen(String line, Duration elapsed, long atNanos) {
    }

    @Test
    void stageLinesArriveInOrderWhileTheRestoreRunsAndAValidationMeanwhileIsRefused(@Fresh Neo4jServer server)
            throws Exception {
        SampleGraph.create(server.driver());
        try (RestoreFixture fixture = new RestoreFixture(server, storage)) {
            String id = fixture.backup();
            List<Seen> seen = new ArrayList<>();
            List<Object> validationDuringLoad = new ArrayList<>();
            RestoreProgress progress = (line, elapsed) -> {
                seen.add(new Seen(line, elapsed, System.nanoTime()));
                if (line.startsWith("Loading " + id)) {
                    // an operator validates the same backup from another thread while it loads
                    validationDuringLoad.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return (Object) fixture.validator.validate(id, false);
                        } catch (BackupFailure f) {
                            return f;
                        }
                    }).orTimeout(60, TimeUnit.SECONDS).join());
                }
            };

            long calledAt = System.nanoTime();
            RestoreResult result = fixture.restorer.restore(RestoreRequest.of(id), Confirmer.YES, progress);
            long endedAt = System.nanoTime();

            assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(seen).extracting(Seen::line).as("every line of the result, as it came")
                    .containsExactlyElementsOf(result.lines());
            assertInOrder(seen, "Validating backup integrity...", "Checksum verification: PASSED",
                    "Taking a safety backup of neo4j", "Safety backup: ", "Stopping Neo4j on primary (stop mode ",
                    "Loading " + id + " into neo4j", "Starting Neo4j on primary", "Restore completed in",
                    "Running health checks", "Health check: connectivity ... PASS",
                    "Health check: graph_counts ... PASS", "Health check: schema_consistency ... PASS",
                    "Health check: orphan_detection ... PASS", "Graph stats: ");
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).elapsed()).as("elapsed never goes back").isGreaterThanOrEqualTo(
                        seen.get(i - 1).elapsed());
            }
            Duration firstBeforeEnd = Duration.ofNanos(endedAt - seen.get(0).atNanos());
            assertThat(firstBeforeEnd).as("the first line came while the restore still had its work ahead")
                    .isGreaterThan(Duration.ofSeconds(3));
            Seen starting = find(seen, "Starting Neo4j on primary");
            assertThat(starting.elapsed()).as("elapsed is measured from the start").isGreaterThan(Duration.ofSeconds(1));
            // lines held back to the end would arrive long after the time they carry (the checks follow the start)
            assertThat(Duration.ofNanos(starting.atNanos() - calledAt)).as("told when it started, not at the end")
                    .isLessThanOrEqualTo(starting.elapsed().plusSeconds(5));

            assertThat(validationDuringLoad).singleElement().isInstanceOfSatisfying(BackupFailure.class, f -> {
                assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_LOCKED);
                assertThat(f.reason()).contains("(restore " + id + " into neo4j on primary)");
            });

            // a failed check: the rollback's stages are told as they start too
            Manifest manifest = fixture.catalog.require(id);
            GraphStats g = manifest.graph();
            fixture.catalog.update(RestoreRefusalsTest.withGraph(manifest, new GraphStats(g.nodes() + 1,
                    g.relationships(), g.labels(), g.relationshipTypes(), g.indexes(), g.constraints())));
            List<Seen> rollback = new ArrayList<>();
            BackupFailure failed = catchThrowableOfType(BackupFailure.class, () -> fixture.restorer.restore(
                    RestoreRequest.of(id), Confirmer.YES, (line, elapsed) -> rollback.add(new Seen(line, elapsed,
                            System.nanoTime()))));
            assertThat(failed.code()).isEqualTo(ErrorCode.RESTORE_HEALTH_FAILED);
            String safetyId = fixture.tracker.current().safetyBackupId();
            assertInOrder(rollback, "Validating backup integrity...", "Taking a safety backup of neo4j",
                    "Stopping Neo4j on primary", "Loading " + id, "Starting Neo4j on primary",
                    "Health check: graph_counts ... FAIL", "Rolling back: Restore completed but health check failed: "
                            + "graph_counts", "Stopping Neo4j on primary", "Loading " + safetyId,
                    "Starting Neo4j on primary", "Health check: graph_counts ... PASS",
                    "Rolled back to the safety backup " + safetyId);
        }
    }

    /** Each expected prefix is met after the one before it. */
    private static void assertInOrder(List<Seen> seen, String... prefixes) {
        int from = 0;
        for (String prefix : prefixes) {
            int at = -1;
            for (int i = from; i < seen.size(); i++) {
                if (seen.get(i).line().startsWith(prefix)) {
                    at = i;
                    break;
                }
            }
            assertThat(at).as("'%s' after line %d in %s", prefix, from, seen.stream().map(Seen::line).toList())
                    .isGreaterThanOrEqualTo(0);
            from = at + 1;
        }
    }

    private static Seen find(List<Seen> seen, String prefix) {
        return seen.stream().filter(s -> s.line().startsWith(prefix)).findFirst().orElseThrow();
    }
}
