package dev.neo4jbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.sandbox.SampleGraph;
import dev.neo4jbackup.testing.CalendarHome;
import dev.neo4jbackup.testing.GraphFingerprint;
import dev.neo4jbackup.testing.Neo4jServer;

/**
 * The upgrade path by restore, on two real servers side by side: a backup taken on 5.26 is restored into
 * 2025.x (the store is upgraded when 2025.x starts) and holds the same graph; a backup taken on 2025.x is
 * refused by the 5.26 server before anything stops (its neo4j-admin would refuse it only after Neo4j was
 * stopped: "of a newer version than the current binaries"). Both servers share one storage folder, as an
 * operator's old and new installation would. Profile neo4j2025 only.
 */
@Tag(CalendarHome.TAG)
class UpgradeByRestoreTest {

    @TempDir
    Path storage;

    @Test
    void aBackupOf526RestoresInto2025AndOneOf2025IsRefusedBy526() throws IOException {
        Path calendarHome = CalendarHome.require();
        String calendar = CalendarHome.version(calendarHome);
        try (Neo4jServer lts = Neo4jServer.start("upgrade-lts", Neo4jServer.home());
                Neo4jServer next = Neo4jServer.start("upgrade-calendar", calendarHome);
                RestoreFixture onLts = new RestoreFixture(lts, storage);
                RestoreFixture onNext = new RestoreFixture(next, storage)) {
            SampleGraph.create(lts.driver());
            GraphFingerprint.Print before = GraphFingerprint.of(lts.driver());
            String ltsId = onLts.backup();
            String ltsVersion = onLts.catalog.require(ltsId).neo4jVersion();
            assertThat(ltsVersion).startsWith("5.26.");

            // 5.26 -> 2025.x: the new server is empty, so no safety backup
            RestoreResult upgraded = onNext.restorer.restore(new RestoreRequest(ltsId, null, null, false, false,
                    false), Confirmer.YES);

            assertThat(upgraded.outcome()).isEqualTo(RestoreResult.Outcome.RESTORED);
            assertThat(upgraded.checks()).allMatch(RestoreChecks.Check::passed);
            assertThat(upgraded.lines()).contains("Neo4j versions: Neo4j " + ltsVersion + " into " + calendar
                    + ": an upgrade from 5.26 to " + calendar.substring(0, 7)
                    + " (the store is upgraded when Neo4j starts)");
            assertThat(GraphFingerprint.of(next.driver())).isEqualTo(before);
            assertThat(upgraded.observed().indexes()).isEqualTo(onLts.catalog.require(ltsId).graph().indexes());
            assertThat(upgraded.observed().constraints()).isEqualTo(onLts.catalog.require(ltsId).graph()
                    .constraints());

            // 2025.x -> 5.26: refused before anything stops
            next.run("CREATE (:Upgraded {on: $v})", java.util.Map.of("v", calendar));
            String nextId = onNext.backup();
            assertThat(onNext.catalog.require(nextId).neo4jVersion()).isEqualTo(calendar);
            long starts = RestoreRefusalsTest.startsInLog(lts);

            BackupFailure refused = catchThrowableOfType(BackupFailure.class, () -> onLts.restore(nextId));

            assertThat(refused.code()).isEqualTo(ErrorCode.RESTORE_VERSION_INCOMPATIBLE);
            assertThat(refused.numbers()).isEqualTo("Backup: Neo4j " + calendar + " | Target: Neo4j " + ltsVersion);
            assertThat(refused.reason()).contains("cannot be loaded by Neo4j 5.26");
            assertThat(RestoreRefusalsTest.startsInLog(lts)).as("5.26 never stopped").isEqualTo(starts);
            assertThat(lts.answers()).isTrue();
            assertThat(GraphFingerprint.of(lts.driver())).isEqualTo(before);
            assertThat(onLts.catalog.list()).as("no safety backup").hasSize(2);
        }
    }
}
