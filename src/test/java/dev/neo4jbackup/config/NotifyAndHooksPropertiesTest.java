package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.neo4jbackup.testing.TestProperties;

/**
 * backup.notify.* and backup.hooks.*: their defaults, their validation (the value's token never in the
 * message), and their names in both forms, map keys included, known to the start-up check.
 */
class NotifyAndHooksPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        BackupProperties properties = TestProperties.bind(Map.of());
        assertThat(properties.notifications().webhooks()).isEmpty();
        assertThat(properties.notifications().ping().enabled()).isFalse();
        assertThat(properties.notifications().ping().start()).isEqualTo("/start");
        assertThat(properties.notifications().ping().success()).isEmpty();
        assertThat(properties.notifications().ping().fail()).isEqualTo("/fail");
        assertThat(properties.notifications().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.notifications().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.notifications().retries()).isEqualTo(3);
        assertThat(properties.notifications().queueCapacity()).isEqualTo(100);
        assertThat(properties.hooks().preBackup()).isNull();
        assertThat(properties.hooks().timeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aWebhookFromTheEnvironmentBindsWithItsDefaults() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("BACKUP_NOTIFY_WEBHOOKS_OPS_URL", "https://hooks.slack.com/services/T/B/X",
                                "BACKUP_NOTIFY_WEBHOOKS_OPS_FORMAT", "slack",
                                "BACKUP_NOTIFY_WEBHOOKS_PHONE_URL", "https://ntfy.sh/backups",
                                "BACKUP_NOTIFY_PING_URL", "https://hc-ping.com/uuid",
                                "BACKUP_HOOKS_PREBACKUP", "/opt/hooks/check-replicas")));
        BackupProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("backup", BackupProperties.class);

        assertThat(properties.notifications().webhooks()).containsOnlyKeys("ops", "phone");
        BackupProperties.Webhook ops = properties.notifications().webhooks().get("ops");
        assertThat(ops.url()).isEqualTo("https://hooks.slack.com/services/T/B/X");
        assertThat(ops.format()).isEqualTo(BackupProperties.WebhookFormat.SLACK);
        assertThat(ops.on()).isEqualTo(BackupProperties.WebhookOn.FAILURE);
        assertThat(properties.notifications().webhooks().get("phone").format())
                .isEqualTo(BackupProperties.WebhookFormat.JSON);
        assertThat(properties.notifications().ping().url()).isEqualTo("https://hc-ping.com/uuid");
        assertThat(properties.hooks().preBackup()).isEqualTo("/opt/hooks/check-replicas");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            notify.webhooks.ops.url      | ftp://example.com/x?token=SECRET | backup.notify.webhooks.ops.url (BACKUP_NOTIFY_WEBHOOKS_OPS_URL) = 'ftp://...': not an http(s) URL
            notify.ping.url              | hc-ping.com/SECRET               | backup.notify.ping.url (BACKUP_NOTIFY_PING_URL) = '(hidden)': not an http(s) URL
            notify.webhooks.ops.template | /no/such/template.mustache       | backup.notify.webhooks.ops.template (BACKUP_NOTIFY_WEBHOOKS_OPS_TEMPLATE) = '/no/such/template.mustache': no such file
            notify.retries               | 11                               | backup.notify.retries (BACKUP_NOTIFY_RETRIES) = '11': must be between 0 and 10
            notify.queue-capacity        | 0                                | backup.notify.queue-capacity (BACKUP_NOTIFY_QUEUECAPACITY) = '0': must be at least 1
            notify.request-timeout       | 0s                               | backup.notify.request-timeout (BACKUP_NOTIFY_REQUESTTIMEOUT) = '0s': must be a positive duration
            hooks.timeout                | 0s                               | backup.hooks.timeout (BACKUP_HOOKS_TIMEOUT) = '0s': must be a positive duration
            """)
    void invalidValuesFailTheStartWithTheProperty(String property, String value, String message) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(property, value));
        if (property.startsWith("notify.webhooks.ops.") && !property.endsWith(".url")) {
            values.put("notify.webhooks.ops.url", "https://hooks.example.com/x");
        }
        assertThatThrownBy(() -> TestProperties.bind(values)).isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(ConfigInvalidException.class).hasMessageContaining(message);
    }

    @Test
    void aURLsTokenIsNotInTheMessageOfItsError() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("notify.webhooks.ops.url", "ftp://host/SECRET")))
                .rootCause().message().doesNotContain("SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = { "BACKUP_NOTIFY_WEBHOOKS_OPS_URL", "BACKUP_NOTIFY_WEBHOOKS_OPS_FORMAT",
            "BACKUP_NOTIFY_WEBHOOKS_OPS_ON", "BACKUP_NOTIFY_WEBHOOKS_TEAMS_TEMPLATE", "BACKUP_NOTIFY_PING_URL",
            "BACKUP_NOTIFY_PING_START", "BACKUP_NOTIFY_PING_SUCCESS", "BACKUP_NOTIFY_PING_FAIL",
            "BACKUP_NOTIFY_CONNECTTIMEOUT", "BACKUP_NOTIFY_REQUESTTIMEOUT", "BACKUP_NOTIFY_RETRIES",
            "BACKUP_NOTIFY_QUEUECAPACITY", "BACKUP_HOOKS_PREBACKUP", "BACKUP_HOOKS_POSTBACKUP",
            "BACKUP_HOOKS_PRERESTORE", "BACKUP_HOOKS_POSTRESTORE", "BACKUP_HOOKS_ONFAILURE", "BACKUP_HOOKS_TIMEOUT" })
    void everyVariablePasses(String variable) {
        assertThat(KnownPropertiesTest.problemOfVariable(variable, "x")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "backup.notify.webhooks.ops.url", "backup.notify.webhooks.ops.format",
            "backup.notify.webhooks.ops.on", "backup.notify.webhooks.ops.template", "backup.notify.ping.url",
            "backup.notify.ping.fail", "backup.notify.request-timeout", "backup.hooks.pre-backup",
            "backup.hooks.on-failure", "backup.hooks.timeout" })
    void everyPropertyPasses(String property) {
        assertThat(KnownPropertiesTest.problemOfProperty(property, "x")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            BACKUP_HOOKS_PREBACKP             | did you mean backup.hooks.pre-backup (BACKUP_HOOKS_PREBACKUP)?
            BACKUP_NOTIFY_PING_URLL           | did you mean backup.notify.ping.url (BACKUP_NOTIFY_PING_URL)?
            BACKUP_NOTIFY_WEBHOOKS_OPS_FORMT  | did you mean backup.notify.webhooks.<name>.format
            BACKUP_NOTIFICATIONS_PING_URL     | backup.notifications.ping.url:
            """)
    void aTypoIsNamedWithTheNearestRealName(String variable, String expected) {
        assertThat(KnownPropertiesTest.problemOfVariable(variable, "x"))
                .hasValueSatisfying(p -> assertThat(p).contains(expected));
    }
}
