package dev.neo4jbackup.backup;

import dev.neo4jbackup.testing.TestSigning;
import dev.neo4jbackup.domain.Trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.StopMode;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;
import dev.neo4jbackup.testing.SyntheticBackups;

/**
 * The retention contract with the real run ("the scheduler respects retention"): BACKUP_RETENTION_DAYS=7
 * and ten daily backups → after the run's retain stage 7 remain and the 3 oldest are gone; a failed
 * run prunes nothing.
 */
@ExtendWith(Neo4jExtension.class)
class SchedulerRespectsRetentionTest {

    @TempDir
    Path storage;

    @Test
    void tenDailyBackupsWithSevenDaysKeptLeaveSevenAfterASuccessfulRunAndAFailedRunPrunesNothing(Neo4jServer server)
            throws Exception {
        BackupCatalog catalog = TestSigning.catalog(storage, Clock.systemUTC());
        catalog.prepare();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(2));
        List<String> history = new ArrayList<>();
        for (int daysAgo = 9; daysAgo >= 1; daysAgo--) {
            history.add(SyntheticBackups.publish(catalog, "neo4j", today.minus(Duration.ofDays(daysAgo))).id());
        }
        // only the daily rule, as the contract reads (7 days, nothing else)
        RunnerFixture fixture = new RunnerFixture(server, storage).retain().set("retention.days", "7")
                .set("retention.keep-weekly", "0").set("retention.keep-monthly", "0");

        // a failed run (the store is in use in stop mode none) deletes nothing
        RunReport failed = new RunnerFixture(server, storage).retain().set("retention.days", "7")
                .set("retention.keep-weekly", "0").set("retention.keep-monthly", "0").stopMode(StopMode.NONE)
                .build().run(BackupRequest.of(Trigger.SCHEDULED, null));
        assertThat(failed.ok()).isFalse();
        assertThat(catalog.list()).hasSize(9);

        RunReport report = fixture.build().run(BackupRequest.of(Trigger.SCHEDULED, null));

        assertThat(report.ok()).as(String.valueOf(report.firstFailure())).isTrue();
        List<String> remaining = catalog.list().stream().map(Manifest::id).toList();
        assertThat(remaining).hasSize(7).contains(report.outcomes().get(0).id())
                .containsAll(history.subList(3, 9)).doesNotContainAnyElementsOf(history.subList(0, 3));
        assertThat(fixture.events).anyMatch(e -> e instanceof BackupEvents.BackupsPruned p
                && new java.util.HashSet<>(p.ids()).equals(new java.util.HashSet<>(history.subList(0, 3))));
        assertThat(catalog.orphans()).isEmpty();
    }
}
