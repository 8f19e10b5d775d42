package dev.neo4jbackup.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.neo4jbackup.archive.ArchiveVerifier;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.schedule.BackupScheduler;
import dev.neo4jbackup.schedule.CronSchedule;
import dev.neo4jbackup.schedule.RetryPolicy;
import dev.neo4jbackup.testing.Neo4jExtension;
import dev.neo4jbackup.testing.SmallFilesystem;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.RunnerFixture;

/**
 * Disk space against the real Neo4j and real filesystems: the space-alert contract (a run that does not fit is refused before Neo4j stops, with the numbers), and a
 * real out-of-space while packaging on a small tmpfs (where this process may mount one).
 */
@ExtendWith(Neo4jExtension.class)
class AlertDiskSpaceTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    AlertHarness alerts;
    SmallFilesystem mounted;

    @AfterEach
    void cleanUp() throws Exception {
        if (alerts != null) {
            alerts.close();
        }
        if (mounted != null) {
            mounted.close();
        }
    }

    /**
     * GIVEN the storage filesystem has less free space than the minimum, WHEN the scheduler runs, THEN the
     * backup fails with a clear message about space, an alert is mailed, and the scheduler does not skip
     * it silently: it schedules the retry and says so. Neo4j is never stopped.
     */
    @Test
    void spaceAlertTheScheduledRunFailsWithTheNumbersAMailIsSentAndTheRetryIsScheduled(Neo4jServer server)
            throws Exception {
        long startsBefore = starts(server);
        RunnerFixture fixture = new RunnerFixture(server, dir.resolve("backups")).minFreeRatio(0.999);
        BackupProperties properties = fixture.properties();
        alerts = new AlertHarness(smtp.getSmtp().getPort(), dir.resolve("backups"), 0.999);
        List<Object> published = new ArrayList<>();
        BackupScheduler scheduler = new BackupScheduler(
                CronSchedule.parse(properties.schedule(), properties.timezone(), Clock.systemUTC().instant()),
                new RetryPolicy(properties.retry().delays(), properties.retry().pauseAfter()), fixture.build()::run,
                fixture.state(), fixture.catalog(), event -> {
                    // the run's events come first, as they would through Spring
                    published.addAll(fixture.events);
                    fixture.events.forEach(alerts::publish);
                    fixture.events.clear();
                    published.add(event);
                    alerts.publish(event);
                }, Clock.systemUTC(), Duration.ofSeconds(15), true, false);
        scheduler.prepare();

        assertThat(scheduler.tick()).isEqualTo(BackupScheduler.TickResult.RETRY_SCHEDULED);

        assertThat(fixture.state().read().nextRetryAt()).as("the retry is scheduled, not skipped").isNotNull();
        MimeMessage mail = await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages(),
                m -> m.length >= 1)[0];
        assertThat(mail.getSubject()).startsWith("[neo4j-backup] CRITICAL DISK_LOW (neo4j): Free space on ");
        String body = AlertInbox.body(mail);
        assertThat(body).contains("Code:     BACKUP_NO_SPACE\n").contains("backup.disk.min-free-ratio")
                .containsPattern("Numbers:  Required: [0-9.]+ [KMG]?B \\| Available: [0-9.]+ [KMGT]?B of [0-9.]+ "
                        + "[KMGT]?B \\([0-9.]+ % free\\)\n")
                .contains("Action:   " + ErrorCode.BACKUP_NO_SPACE.action())
                .containsPattern("Next:     retry at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ \\(attempt 2 of 5\\)\n");
        assertThat(alerts.meters.find(AlertService.ALERTS).tag("severity", "CRITICAL").tag("database", "neo4j")
                .tag("sent", "true").counter().count()).isEqualTo(1);
        assertThat(starts(server)).as("Neo4j was never stopped").isEqualTo(startsBefore);
        assertThat(server.answers()).isTrue();
        assertThat(fixture.catalog().list()).isEmpty();
    }

    /**
     * A run that passes preflight (the estimate comes from a smaller earlier backup) and then meets a full
     * disk while gzip writes the archive: BACKUP_NO_SPACE, the earlier backup intact and verifiable, nothing
     * half-written left, Neo4j running, and a DISK_LOW mail. Needs root to mount a 48 MB tmpfs.
     */
    @Test
    void aRealOutOfSpaceWhilePackagingLeavesTheEarlierBackupAndNothingHalfWritten(
            @Neo4jExtension.Fresh Neo4jServer server) throws Exception {
        mounted = SmallFilesystem.mountOrSkip(dir, "48m");
        Path mount = mounted.path();
        Path storage = mount.resolve("backups");

        // an earlier, small backup on the small filesystem
        RunReport first = new RunnerFixture(server, storage).build().run(BackupRequest.of(Trigger.MANUAL, null));
        assertThat(first.ok()).as("first backup: %s", first.firstFailure()).isTrue();
        Manifest earlier = first.outcomes().get(0).manifest();

        // the graph grows with incompressible data; a run elsewhere measures its dump
        Random random = new Random(7);
        for (int batch = 0; batch < 8; batch++) {
            List<String> blobs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] bytes = new byte[8 * 1024];
                random.nextBytes(bytes);
                blobs.add(Base64.getEncoder().encodeToString(bytes));
            }
            server.run("UNWIND $blobs AS b CREATE (:Blob {data: b})", Map.<String, Object>of("blobs", blobs));
        }
        RunReport measure = new RunnerFixture(server, dir.resolve("measure")).build()
                .run(BackupRequest.of(Trigger.MANUAL, null));
        assertThat(measure.ok()).as("measuring run: %s", measure.firstFailure()).isTrue();
        long dumpBytes = measure.outcomes().get(0).manifest().rawBytes();

        // leave room for the dump but not for the dump and its gzip copy side by side
        fill(storage, mount.resolve("filler"), dumpBytes * 3 / 2);
        RunnerFixture fixture = new RunnerFixture(server, storage);
        RunReport report = fixture.build().run(BackupRequest.of(Trigger.MANUAL, null));
        fixture.events.forEach(event -> {
            if (alerts == null) {
                alerts = new AlertHarness(smtp.getSmtp().getPort(), storage, 0.0);
            }
            alerts.publish(event);
        });

        BackupFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.BACKUP_NO_SPACE);
        assertThat(failure.reason()).contains("No space left on device while packaging");
        assertThat(fixture.catalog().list()).extracting(Manifest::id).containsExactly(earlier.id());
        ArchiveVerifier.Result check = new ArchiveVerifier().verify(fixture.catalog().archivePath(earlier),
                earlier.compression(), earlier.sha256());
        assertThat(check.ok()).as("the earlier backup still verifies").isTrue();
        try (var files = Files.list(storage)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .as("only the earlier backup's files").allMatch(n -> n.startsWith(earlier.id()));
        }
        try (var staging = Files.list(storage.resolve(".staging"))) {
            assertThat(staging).as("nothing half-written in staging").isEmpty();
        }
        assertThat(server.answers()).isTrue();
        assertThat(fixture.state().read().stoppedByUs()).as("the stop marker is cleared despite the full disk")
                .isNull();
        MimeMessage mail = await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages(),
                m -> m.length >= 1)[0];
        assertThat(mail.getSubject()).startsWith("[neo4j-backup] CRITICAL DISK_LOW (neo4j): No space left on device");
    }

    /** Writes real bytes (tmpfs keeps sparse files free) until {@code leave} bytes are usable. */
    private static void fill(Path storage, Path filler, long leave) throws Exception {
        FileStore store = Files.getFileStore(storage);
        long toWrite = store.getUsableSpace() - leave;
        assertThat(toWrite).as("room to fill").isPositive();
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < toWrite; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, toWrite - written));
            }
        }
    }

    private static long starts(Neo4jServer server) throws Exception {
        return Files.readAllLines(server.logsDir().resolve("neo4j.log")).stream()
                .filter(line -> line.contains("Started.")).count();
    }
}
