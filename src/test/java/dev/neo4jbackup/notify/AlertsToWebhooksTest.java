package dev.neo4jbackup.notify;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.neo4jbackup.alert.AlertConfiguration;
import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.schedule.SchedulerEvents;
import dev.neo4jbackup.testing.TestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The service's wiring end to end: the alert listeners, the throttle, the mail to a real SMTP server
 * (GreenMail) and a webhook and a ping on loopback. The webhook gets exactly the alerts that are mailed,
 * and the ping follows each run; a receiver that never answers holds up no event.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(180)
class AlertsToWebhooksTest {

    static final String TOKEN = "8f1c7e2a-ping-token";
    static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    static final BackupFailure DUMP_FAILED = new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED,
            "neo4j-admin dump of database 'neo4j' failed", "Exit code: 1", null, null);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path storage;

    ApplicationContextRunner runner(Map<String, String> notify) {
        Map<String, String> values = new java.util.LinkedHashMap<>(notify);
        values.put("storage.path", storage.toString());
        values.put("alert.email", "ops@example.com");
        values.put("disk.min-free-ratio", "0");
        BackupProperties properties = TestProperties.bind(values);
        return new ApplicationContextRunner()
                .withInitializer(context -> context.getBeanFactory()
                        .setConversionService(ApplicationConversionService.getSharedInstance()))
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withPropertyValues("spring.mail.host=127.0.0.1", "spring.mail.port=" + smtp.getSmtp().getPort(),
                        "backup.alert.check-interval=24h")
                .withUserConfiguration(AlertConfiguration.class, NotifyConfiguration.class)
                .withBean(BackupProperties.class, () -> properties)
                .withBean(BackupCatalog.class, () -> TestSigning.catalog(storage, Clock.systemUTC()))
                .withBean(StateStore.class, () -> new StateStore(storage))
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    static RunReport run(BackupFailure failure) {
        return new RunReport(Trigger.SCHEDULED, T0, Duration.ofSeconds(4),
                List.of(new BackupOutcome("neo4j-2026-11-25T02-00-00Z", "neo4j", null, failure)), null, false);
    }

    @Test
    void theWebhookGetsTheAlertsTheThrottleMailsAndNoOthers() throws Exception {
        try (Loopback.Endpoint hook = new Loopback.Endpoint()) {
            runner(Map.of("notify.webhooks.ops.url", hook.url("/hook"), "notify.webhooks.ops.on", "always"))
                    .run(context -> {
                        // a manual failure, the same incident an hour later (throttled), the scheduler's
                        // pause (a severity change), a recovery
                        context.publishEvent(new BackupEvents.BackupFailed("neo4j-2026-11-25T02-00-00Z", "neo4j",
                                Trigger.MANUAL, DUMP_FAILED, T0));
                        context.publishEvent(new BackupEvents.BackupFailed("neo4j-2026-11-25T03-00-00Z", "neo4j",
                                Trigger.MANUAL, DUMP_FAILED, T0.plusSeconds(3600)));
                        context.publishEvent(new SchedulerEvents.SchedulerPaused(run(DUMP_FAILED), 5,
                                DUMP_FAILED.reason(), "scheduler", T0.plusSeconds(7200)));
                        context.publishEvent(new BackupEvents.RunFinished(run(null)));

                        List<String> events = List.of(event(hook.take()), event(hook.take()), event(hook.take()));
                        assertThat(events).containsExactly("BACKUP_FAILED", "SCHEDULER_PAUSED", "BACKUP_RECOVERED");
                        assertThat(smtp.waitForIncomingEmail(60_000, 3)).isTrue();
                        List<String> subjects = Arrays.stream(smtp.getReceivedMessages()).map(AlertsToWebhooksTest::subject)
                                .toList();
                        assertThat(subjects).hasSize(3);
                        for (int i = 0; i < 3; i++) {
                            assertThat(subjects.get(i)).contains(events.get(i));
                        }
                    });
            assertThat(hook.received()).as("nothing beyond what was mailed").isEmpty();
        }
    }

    @Test
    void thePingFollowsEachRunOncePerRunAndKeepsItsTokenOutOfTheLog(CapturedOutput output) throws Exception {
        try (Loopback.Endpoint monitor = new Loopback.Endpoint()) {
            runner(Map.of("notify.ping.url", monitor.url("/ping/" + TOKEN))).run(context -> {
                // a run of two databases: two starts, one ping
                context.publishEvent(new BackupEvents.BackupStarted("neo4j-2026-11-25T02-00-00Z", "neo4j",
                        Trigger.SCHEDULED, T0));
                context.publishEvent(new BackupEvents.BackupStarted("movies-2026-11-25T02-00-00Z", "movies",
                        Trigger.SCHEDULED, T0));
                context.publishEvent(new BackupEvents.RunFinished(run(DUMP_FAILED)));
                context.publishEvent(new BackupEvents.BackupStarted("neo4j-2026-11-25T03-00-00Z", "neo4j",
                        Trigger.RETRY, T0.plusSeconds(3600)));
                context.publishEvent(new BackupEvents.RunFinished(run(null)));

                List<String> paths = List.of(monitor.take().path(), monitor.take().path(), monitor.take().path(),
                        monitor.take().path());
                assertThat(paths).containsExactly("/ping/" + TOKEN + "/start", "/ping/" + TOKEN + "/fail",
                        "/ping/" + TOKEN + "/start", "/ping/" + TOKEN);
                await().atMost(Duration.ofSeconds(30)).until(() -> output.getOut().split("NOTIFY_SENT: ping", -1)
                        .length == 5);
            });
            assertThat(monitor.received()).isEmpty();
            assertThat(output.getOut()).contains("Every run pings " + monitor.url("/***"))
                    .contains("NOTIFY_SENT: ping start to " + monitor.url("/***")).doesNotContain(TOKEN);
        }
    }

    @Test
    void aReceiverThatNeverAnswersHoldsUpNoAlert() throws Exception {
        try (Loopback.BlackHole hole = new Loopback.BlackHole()) {
            runner(Map.of("notify.webhooks.ops.url", hole.url("/hook"), "notify.request-timeout", "1h",
                    "notify.ping.url", hole.url("/ping"))).run(context -> {
                        for (int i = 0; i < 20; i++) {
                            // each a new severity or a recovery: every one is sent (and never answered)
                            context.publishEvent(new BackupEvents.BackupStarted("neo4j-2026-11-25T02-00-00Z", "neo4j",
                                    Trigger.SCHEDULED, T0.plusSeconds(i)));
                            context.publishEvent(new BackupEvents.BackupFailed("neo4j-2026-11-25T02-00-00Z", "neo4j",
                                    Trigger.MANUAL, DUMP_FAILED, T0.plusSeconds(i)));
                            context.publishEvent(new BackupEvents.RunFinished(run(null)));
                        }
                        // the mails went out all the same: the events were not held up by the receiver
                        assertThat(smtp.waitForIncomingEmail(60_000, 40)).isTrue();
                    });
        }
    }

    private static String event(Loopback.Request request) {
        return (String) WebhookFormatsTest.json(request.body(), Map.class).get("event");
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
