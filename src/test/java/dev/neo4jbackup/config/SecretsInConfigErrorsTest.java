package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.neo4jbackup.testing.TestProperties;

/**
 * A CONFIG_INVALID line is printed, logged and mailed: it never shows a webhook or ping token, an S3 secret key or a
 * password, whether the value has a scheme (https://...) or not (a token pasted alone), and whether the property is
 * misspelled (the start-up check's "no such property") or its value is refused.
 */
class SecretsInConfigErrorsTest {

    /** The property and its value as an operator set them; the part that must not appear; what is shown instead. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            BACKUP_NOTIFY_PING_URL                      | hc-ping.com/8f1c7e2a-1111-2222-3333-4444 | 8f1c7e2a     | (hidden)
            BACKUP_NOTIFY_PING_URL                      | 8f1c7e2a-1111-2222-3333-4444             | 8f1c7e2a     | (hidden)
            BACKUP_NOTIFY_WEBHOOKS_OPS_URL              | hooks.slack.com/services/T0/B0/XXSECRET  | XXSECRET     | (hidden)
            BACKUP_NOTIFY_WEBHOOKS_OPS_URL              | ftp://example.com/x?token=XXSECRET       | XXSECRET     | ftp://...
            BACKUP_NOTIFY_WEBHOOKS_OPS_URLL             | https://hooks.slack.com/services/XXSECRET | XXSECRET    | https://...
            BACKUP_NOTIFY_PINGURL                       | https://hc-ping.com/8f1c7e2a-1111        | 8f1c7e2a     | https://...
            BACKUP_DESTINATIONS_OFFSITE_SECRETKEY       | wJalrXUtnFEMIK7MDENGbPxRfiCY             | wJalrXUtn    | (hidden)
            BACKUP_DESTINATIONS_OFFSITE_SECRET_ACCESS_KY | wJalrXUtnFEMIK7MDENGbPxRfiCY            | wJalrXUtn    | (hidden)
            BACKUP_API_PASSWORT                         | operator-pa55word                        | pa55word     | (hidden)
            BACKUP_NOTIFY_TOKEN                         | tk_4f9a8b7c6d5e                          | 4f9a8b7c     | (hidden)
            SPRING_NEO4J_URI                            | http://neo4j:s3cr3t-pass@127.0.0.1:7474  | s3cr3t-pass  | http://***@127.0.0.1:7474
            """)
    void theLineNeverShowsTheSecret(String variable, String value, String secret, String shown) {
        String line = refusal(variable, value);

        assertThat(line).startsWith("CONFIG_INVALID: ").doesNotContain(secret).contains("= '" + shown + "'");
    }

    /**
     * A storage folder of its own: the temporary directory itself may hold the build (a clone under /tmp) and so the
     * tests' signing key, which the check rightly refuses first.
     */
    private static final String STORAGE = storage();

    private static String storage() {
        try {
            Path dir = Files.createTempDirectory("secrets-storage");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the service meets it at start: the environment checked, then bound. */
    private static String refusal(String variable, String value) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(variable, value, "BACKUP_STORAGE_PATH", STORAGE)));
        Throwable thrown = catchThrowable(() -> ConfigurationCheck.check(environment));
        assertThat(thrown).as("refused").isNotNull();
        return ConfigFailureAnalyzer.describe(thrown).orElseThrow(() -> new AssertionError(thrown)).getMessage();
    }

    /** The values that are no secret still read as they are, for the operator to see the mistake. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            notify.retries     | 11 | 11
            retry.pause-after  | 0  | 0
            """)
    void otherValuesAreShownAsWritten(String property, String value, String shown) {
        Throwable thrown = catchThrowable(() -> TestProperties.bind(Map.of(property, value)));
        assertThat(ConfigFailureAnalyzer.describe(thrown).orElseThrow().getMessage()).contains("= '" + shown + "'");
    }
}
