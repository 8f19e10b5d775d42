package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jExtension.Fresh;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Restoring into a test instance first: a second real Neo4j as {@code backup.restore.targets.test}. A restore with
 * {@code --target test --promote} loads and checks the backup there, then restores the primary; the dry
 * run shows both plans and changes nothing; the restore drill restores the newest backup into the target
 * and records the validation in its manifest.
 */
@ExtendWith(Neo4jExtension.class)
class RestoreTargetTest {

    @TempDir
    Path storage;

    @Test
    void restoreToTheTestTargetThenPromoteToThePrimaryAndDrill(@Fresh Neo4jServer primary,
            @Fresh Neo4jServer test) {
        SampleGraph.create(primary.driver());
        GraphFingerprint.Print original = GraphFingerprint.of(primary.driver());
        RunnerFixture runner = new RunnerFixture(primary, storage)
                .set("restore.targets.test.home", test.neo4jHome().toString())
                .set("restore.targets.test.conf-dir", test.confDir().toString())
                .set("restore.targets.test.uri", test.boltUri())
                .set("restore.targets.test.password", test.password());
        try (RestoreFixture fixture = new RestoreFixture(runner)) {
            String id = fixture.backup();
            primary.run("MATCH (p:Person) WHERE p.id > 250 DETACH DELETE p");
            GraphFingerprint.Print damaged = GraphFingerprint.of(primary.driver());
            GraphFingerprint.Print emptyTest = GraphFingerprint.of(test.driver());

            RestoreResult plan = fixture.restorer.restore(new RestoreRequest(id, null, "test", true, true, true),
                    Confirmer.YES);
            assertThat(plan.outcome()).isEqualTo(RestoreResult.Outcome.DRY_RUN);
            assertThat(String.join("\n", plan.lines())).contains("into database 'neo4j' on test")
                    .contains("no safety backup (a scratch target)")
                    .contains("Then, only if every check passed on test, the same into the primary")
                    .contains("safety backup of neo4j").contains("Dry run: nothing was stopped");
            assertThat(GraphFingerprint.of(test.driver())).isEqualTo(emptyTest);
            assertThat(GraphFingerprint.of(primary.driver())).isEqualTo(damaged);

            RestoreResult result = fixture.restorer.restore(new RestoreRequest(id, null, "test", true, false, true),
                    question -> {
                        // the primary is only asked about after the test target passed
                        assertThat(GraphFingerprint.of(test.driver())).isEqualTo(original);
                        return true;
                    });
            assertThat(result.target()).isEqualTo("test");
            assertThat(result.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(result.safetyBackupId()).isNull();
            assertThat(result.checks()).allMatch(RestoreChecks.Check::passed);
            assertThat(result.promoted()).isNotNull();
            assertThat(result.promoted().target()).isEqualTo("primary");
            assertThat(result.promoted().outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(result.promoted().safetyBackupId()).isNotNull();
            assertThat(GraphFingerprint.of(test.driver())).isEqualTo(original);
            assertThat(GraphFingerprint.of(primary.driver())).isEqualTo(original);
            assertThat(fixture.tracker.current().state()).isEqualTo(RecoveryState.RECOVERY_SUCCESS);
            assertThat(fixture.tracker.current().target()).isEqualTo("primary");

            // the drill: the newest backup (the safety backup of the damaged graph) into the test target
            List<String> drilled = new RestoreDrill(fixture.restorer, fixture.catalog, List.of("neo4j"), "test")
                    .runOnce();
            String newest = result.promoted().safetyBackupId();
            assertThat(drilled).containsExactly(newest);
            Manifest validated = fixture.catalog.require(newest);
            assertThat(validated.validatedAt()).isNotNull();
            assertThat(validated.validation()).isEqualTo("restore+checks on test");
            assertThat(GraphFingerprint.of(test.driver())).isEqualTo(damaged);
            assertThat(GraphFingerprint.of(primary.driver())).isEqualTo(original);

            assertThatThrownBy(() -> fixture.restorer.restore(new RestoreRequest(id, null, "nowhere", false, false,
                    true), Confirmer.YES)).isInstanceOfSatisfying(BackupFailure.class,
                            f -> assertThat(f.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
            assertThatThrownBy(() -> new RestoreRequest(id, null, null, true, false, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--promote needs --target");
        }
    }
}
