package dev.neo4jbackup.alert;

import dev.neo4jbackup.testing.TestSigning;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.testing.TestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The wiring: mail only with both a server and recipients, and a single warning otherwise. */
@ExtendWith(OutputCaptureExtension.class)
class AlertConfigurationTest {

    @TempDir
    Path storage;

    ApplicationContextRunner runner(String emails) {
        BackupProperties properties = TestProperties.bind(Map.of("storage.path", storage.toString(),
                "alert.email", emails));
        return new ApplicationContextRunner()
                // as SpringApplication does: @Value("1m") becomes a Duration
                .withInitializer(context -> context.getBeanFactory()
                        .setConversionService(ApplicationConversionService.getSharedInstance()))
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withUserConfiguration(AlertConfiguration.class)
                .withBean(BackupProperties.class, () -> properties)
                .withBean(BackupCatalog.class, () -> TestSigning.catalog(storage, Clock.systemUTC()))
                .withBean(StateStore.class, () -> new StateStore(storage))
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    @Test
    void withoutAMailServerItWarnsOnceAndLogsOnly(CapturedOutput output) {
        runner("ops@example.com").run(context -> {
            AlertService alerts = context.getBean(AlertService.class);
            assertThat(alerts.mailEnabled()).isFalse();
            context.getBean(AlertChecks.class).runOnce();
            context.getBean(AlertChecks.class).runOnce();
        });
        assertThat(output.getOut().split("ALERTS_LOG_ONLY", -1)).hasSize(2);
        assertThat(output.getOut()).contains("no mail server configured (spring.mail.host)");
    }

    @Test
    void withAServerAndRecipientsItMails(CapturedOutput output) {
        runner("ops@example.com,oncall@example.com").withPropertyValues("spring.mail.host=127.0.0.1",
                "spring.mail.port=2525").run(context -> {
                    assertThat(context.getBean(AlertService.class).mailEnabled()).isTrue();
                });
        assertThat(output.getOut()).doesNotContain("ALERTS_LOG_ONLY")
                .contains("Alerts are mailed to ops@example.com, oncall@example.com");
    }

    @Test
    void withAServerButNoRecipientsItLogsOnly(CapturedOutput output) {
        runner("").withPropertyValues("spring.mail.host=127.0.0.1").run(context -> {
            assertThat(context.getBean(AlertService.class).mailEnabled()).isFalse();
        });
        assertThat(output.getOut()).contains("ALERTS_LOG_ONLY: no recipients configured (BACKUP_ALERT_EMAIL)");
    }
}
