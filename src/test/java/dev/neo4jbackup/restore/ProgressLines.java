package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * What a restore told its {@link RestoreProgress}, each line with the time it carried and when it came: the
 * restore tests assert on the restores they run anyway (a round trip, a rollback) that each stage's line
 * arrives when the stage starts, in order, long before the restore ends. Optionally, an operator validates
 * the backup being restored from another thread while it loads: refused with BACKUP_LOCKED naming the
 * restore, and the restore goes on undisturbed (it used to be forced into a rollback).
 */
final class ProgressLines implements RestoreProgress {

    record Seen(String line, Duration elapsed, long atNanos) {
    }

    final List<Seen> seen = new ArrayList<>();
    final List<Object> validationDuringLoad = new ArrayList<>();
    private final String validateWhileLoading;
    private final BackupValidator validator;
    private final long calledAt = System.nanoTime();

    private ProgressLines(String validateWhileLoading, BackupValidator validator) {
        this.validateWhileLoading = validateWhileLoading;
        this.validator = validator;
    }

    /** Records the lines only. */
    static ProgressLines recording() {
        return new ProgressLines(null, null);
    }

    /** Records the lines and validates backup {@code id} from another thread when its load starts. */
    static ProgressLines validatingDuringLoad(String id, BackupValidator validator) {
        return new ProgressLines(id, validator);
    }

    @Override
    public void line(String line, Duration elapsed) {
        seen.add(new Seen(line, elapsed, System.nanoTime()));
        if (validateWhileLoading != null && line.startsWith("Loading " + validateWhileLoading)) {
            // an operator validates the same backup from another thread while it loads
            validationDuringLoad.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return (Object) validator.validate(validateWhileLoading, false);
                } catch (BackupFailure f) {
                    return f;
                }
            }).orTimeout(60, TimeUnit.SECONDS).join());
        }
    }

    /**
     * The successful restore of {@code id} (the recorder made right before it, {@code endedAt} taken right
     * after it): every line of the result as it came, each stage in order, elapsed never going back, told
     * as the stages started, and the validation meanwhile refused.
     */
    void assertToldAsItWent(String id, RestoreResult result, long endedAt) {
        assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
        assertThat(seen).extracting(Seen::line).as("every line of the result, as it came")
                .containsExactlyElementsOf(result.lines());
        assertInOrder("Validating backup integrity...", "Checksum verification: PASSED",
                "Taking a safety backup of neo4j inside the restore's one stop window",
                "Stopping Neo4j on primary (stop mode ", "Loading " + id + " into neo4j", "Starting Neo4j on primary",
                "Safety backup: ", "Restore completed in",
                "Running health checks", "Health check: connectivity ... PASS",
                "Health check: graph_counts ... PASS", "Health check: schema_consistency ... PASS",
                "Health check: orphan_detection ... PASS", "Graph stats: ");
        // one stop window: the safety dump and the load share it
        assertThat(seen).extracting(Seen::line).filteredOn(l -> l.startsWith("Stopping Neo4j")).hasSize(1);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).elapsed()).as("elapsed never goes back").isGreaterThanOrEqualTo(
                    seen.get(i - 1).elapsed());
        }
        Duration firstBeforeEnd = Duration.ofNanos(endedAt - seen.get(0).atNanos());
        assertThat(firstBeforeEnd).as("the first line came while the restore still had its work ahead")
                .isGreaterThan(Duration.ofSeconds(3));
        Seen starting = find("Starting Neo4j on primary");
        assertThat(starting.elapsed()).as("elapsed is measured from the start").isGreaterThan(Duration.ofSeconds(1));
        // lines held back to the end would arrive long after the time they carry (the checks follow the start)
        assertThat(Duration.ofNanos(starting.atNanos() - calledAt)).as("told when it started, not at the end")
                .isLessThanOrEqualTo(starting.elapsed().plusSeconds(5));

        assertThat(validationDuringLoad).singleElement().isInstanceOfSatisfying(BackupFailure.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_LOCKED);
            assertThat(f.reason()).contains("(restore " + id + " into neo4j on primary)");
        });
    }

    /** Each expected prefix is met after the one before it. */
    void assertInOrder(String... prefixes) {
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

    private Seen find(String prefix) {
        return seen.stream().filter(s -> s.line().startsWith(prefix)).findFirst().orElseThrow();
    }
}
