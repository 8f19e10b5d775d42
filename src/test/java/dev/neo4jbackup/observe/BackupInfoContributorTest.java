package dev.neo4jbackup.observe;

import dev.neo4jbackup.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;

import dev.neo4jbackup.catalog.ServiceState;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.schedule.CronSchedule;
import dev.neo4jbackup.testing.TestProperties;

class BackupInfoContributorTest {

    @Test
    @SuppressWarnings("unchecked")
    void describesScheduleNextRunRetentionStorageAndCompression() {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        BackupProperties properties = TestProperties.bind(Map.of("schedule", "30 3 * * *", "compression", "none",
                "retention.keep-daily", "5", "retention.keep-last", "2"));
        CronSchedule schedule = CronSchedule.parse(properties.schedule(), ZoneId.of("UTC"), now);
        BackupView view = new BackupView(properties.databases(), List::of, () -> ServiceState.INITIAL,
                () -> Optional.of(Instant.parse("2026-03-02T03:30:00Z")), new MutableClock(now), Duration.ZERO);
        Info.Builder builder = new Info.Builder();

        new BackupInfoContributor("1.2.3", properties, Path.of("/backups"), schedule, view).contribute(builder);

        Map<String, Object> backup = (Map<String, Object>) builder.build().getDetails().get("backup");
        assertThat(backup).containsEntry("version", "1.2.3").containsEntry("compression", "none")
                .containsEntry("nextRun", "2026-03-02T03:30:00Z").containsEntry("storage", Map.of("path", "/backups"))
                .containsEntry("databases", List.of("neo4j"));
        Map<String, Object> cron = (Map<String, Object>) backup.get("schedule");
        assertThat(cron).containsEntry("expression", "30 3 * * *").containsEntry("timezone", "UTC");
        assertThat((String) cron.get("description")).isNotBlank();
        Map<String, Object> retention = (Map<String, Object>) backup.get("retention");
        assertThat(retention).containsEntry("keepLast", 2).containsEntry("keepDaily", 5)
                .containsEntry("description", "last 2, 5 daily, 4 weekly, 3 monthly; never fewer than 1");
    }
}
