package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.testing.TestProperties;

/**
 * The secrets the service is configured with, given to no child (neo4j-admin, a hook, age) under any name: webhook
 * and ping URLs whole or their token alone (BACKUP_NOTIFY_WEBHOOKS_OPS_URL says nothing of a secret), an object
 * store's secret key. One row per variable a child might inherit, and whether it must be dropped.
 */
class NotifyUrlsAreSecretsTest {

    static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";
    static final String PING = "https://hc-ping.com/8f1c7e2a-1111-2222-3333-444455556666";
    static final String NTFY = "https://ntfy.example.com/ops-alerts-topic-77?auth=tk_querytoken123";
    static final String BASIC = "https://alerts:pa55w0rd-basic@hooks.example.com/in";
    static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    static Stream<Arguments> variables() {
        return Stream.of(
                Arguments.of("a webhook URL under a harmless name", "BACKUP_NOTIFY_WEBHOOKS_OPS_URL", WEBHOOK, true),
                Arguments.of("a ping URL", "BACKUP_NOTIFY_PING_URL", PING, true),
                Arguments.of("a ping URL inside options", "SOME_OPTS", "-Dbackup.notify.ping.url=" + PING, true),
                Arguments.of("the webhook's token alone", "SLACK_HOOK_ID", "XXXXSECRETXXXX", true),
                Arguments.of("the webhook's path", "HOOK_PATH", "/services/T000/B000/XXXXSECRETXXXX", true),
                Arguments.of("the ping's uuid alone", "HC_UUID", "8f1c7e2a-1111-2222-3333-444455556666", true),
                Arguments.of("a query token", "NTFY_AUTH", "tk_querytoken123", true),
                Arguments.of("an ntfy topic", "TOPIC", "ops-alerts-topic-77", true),
                Arguments.of("a password in a URL's user info", "ALERT_LOGIN", "pa55w0rd-basic", true),
                Arguments.of("the S3 secret key under a harmless name", "S3_KEY", S3_SECRET, true),
                Arguments.of("the S3 secret key inside options", "JAVA_TOOL_OPTIONS",
                        "-Dbackup.destinations.offsite.secret-access-key=" + S3_SECRET, true),
                Arguments.of("an AWS variable by its name", "AWS_SECRET_ACCESS_KEY", "anything", true),
                Arguments.of("the Neo4j home", "NEO4J_HOME", "/opt/neo4j", false),
                Arguments.of("a word of a URL's path is no secret", "SERVICE_KIND", "services", false),
                Arguments.of("the webhook's host is no secret", "PROXY_FOR", "hooks.slack.com", false),
                Arguments.of("the PATH", "PATH", "/usr/local/bin:/usr/bin:/bin", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variables")
    void aChildInheritsNoConfiguredSecret(String what, String name, String value, boolean dropped) {
        var properties = TestProperties.bind(Map.of("notify.webhooks.ops.url", WEBHOOK, "notify.webhooks.chat.url",
                NTFY, "notify.webhooks.basic.url", BASIC, "notify.ping.url", PING));
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        source.put("backup.destinations.offsite.bucket", "backups");
        source.put("backup.destinations.offsite.access-key-id", "AKIAEXAMPLE");
        source.put("backup.destinations.offsite.secret-access-key", S3_SECRET);
        OffsiteProperties offsite = new Binder(source).bindOrCreate("backup", OffsiteProperties.class);
        ChildEnvironment environment = ChildEnvironment.without(Neo4jConfiguration.secrets(properties, offsite,
                new StandardEnvironment()));

        Map<String, String> child = new HashMap<>(Map.of(name, value));
        environment.clean(child);

        assertThat(child.isEmpty()).as(what).isEqualTo(dropped);
    }
}
