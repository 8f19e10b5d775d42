package dev.neo4jbackup.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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

import dev.neo4jbackup.alert.AlertConfiguration;
import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.TrustOverride;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.testing.SyntheticBackups;
import dev.neo4jbackup.testing.TestProperties;
import dev.neo4jbackup.testing.TestSigning;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An operator's {@code --trust-unsigned} reaches the people on call: the catalogue's gate publishes it, the alerts
 * raise TRUST_OVERRIDE (WARNING) and the webhook on loopback gets it with the backup's id, as every alert goes;
 * without the override nothing is sent and the backup is refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class TrustOverrideAlertTest {

    @TempDir
    Path storage;

    @Test
    void anAcceptedUnsignedBackupIsLoggedAndSentToTheWebhook(CapturedOutput output) throws Exception {
        try (Loopback.Endpoint hook = new Loopback.Endpoint()) {
            new ApplicationContextRunner()
                    .withInitializer(context -> context.getBeanFactory()
                            .setConversionService(ApplicationConversionService.getSharedInstance()))
                    .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                    .withPropertyValues("backup.alert.check-interval=24h")
                    .withUserConfiguration(AlertConfiguration.class, NotifyConfiguration.class)
                    .withBean(BackupProperties.class, () -> TestProperties.bind(Map.of("storage.path",
                            storage.toString(), "disk.min-free-ratio", "0", "notify.webhooks.ops.url",
                            hook.url("/hook"))))
                    .withBean(BackupCatalog.class, () -> TestSigning.catalog(storage))
                    .withBean(StateStore.class, () -> new StateStore(storage))
                    .withBean(Clock.class, Clock::systemUTC)
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .run(context -> {
                        // the catalogue as the service builds it: its gate tells the context's listeners
                        BackupCatalog catalog = new BackupCatalog(storage, Clock.systemUTC(), TestSigning.signer(),
                                context);
                        Manifest written = SyntheticBackups.publish(catalog, "neo4j", Instant.now().minusSeconds(60));
                        // the same backup without its signature: as a forger (or an older version) leaves it
                        Files.write(catalog.manifestPath(written.id()), dev.neo4jbackup.archive.JsonCodec.toBytes(
                                catalog.require(written.id()).withSignature(null)));

                        BackupFailure refused = catchThrowableOfType(BackupFailure.class,
                                () -> catalog.requireTrusted(written.id(), TrustOverride.NONE, "restore"));
                        assertThat(refused.code()).isEqualTo(ErrorCode.BACKUP_UNTRUSTED);
                        assertThat(hook.received()).as("a refusal is the command's error, not an alert").isEmpty();

                        catalog.requireTrusted(written.id(), TrustOverride.OPERATOR, "restore");
                        Map<?, ?> payload = WebhookFormatsTest.json(hook.take().body(), Map.class);
                        assertThat(payload.get("event")).isEqualTo("TRUST_OVERRIDE");
                        assertThat(payload.get("severity")).isEqualTo("WARNING");
                        assertThat(String.valueOf(payload)).contains(written.id()).contains("accepted by an operator for the restore (--trust-unsigned)");
                        // an override already told at the start of the same operation is not told again
                        catalog.requireTrusted(written.id(), TrustOverride.ACCEPTED, "restore");
                    });
            assertThat(hook.received()).isEmpty();
        }
        assertThat(output.getOut()).contains("BACKUP_TRUST_OVERRIDE: " + "neo4j-")
                .contains("is UNSIGNED: it carries no signature (written before signing existed, or by hand); "
                        + "accepted by the operator (--trust-unsigned) for restore")
                .contains("ALERT [WARNING] TRUST_OVERRIDE: neo4j: BACKUP_UNTRUSTED: ");
    }
}
