package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

import dev.neo4jbackup.testing.TestProperties;

/**
 * Webhook and ping URLs carry their token: a child (a hook, neo4j-admin) never inherits a variable that
 * holds one, whatever its name (BACKUP_NOTIFY_WEBHOOKS_OPS_URL says nothing of a secret).
 */
class NotifyUrlsAreSecretsTest {

    static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
    static final String PING = "https://hc-ping.com/8f1c7e2a-1111-2222-3333-444455556666";

    @Test
    void aVariableHoldingAWebhookOrPingUrlIsDroppedFromAChildsEnvironment() {
        var properties = TestProperties.bind(Map.of("notify.webhooks.ops.url", WEBHOOK, "notify.ping.url", PING));
        ChildEnvironment environment = ChildEnvironment.without(Neo4jConfiguration.secrets(properties,
                new StandardEnvironment()));

        java.util.Map<String, String> child = new java.util.HashMap<>(Map.of(
                "BACKUP_NOTIFY_WEBHOOKS_OPS_URL", WEBHOOK, "BACKUP_NOTIFY_PING_URL", PING,
                "SOME_OPTS", "-Dbackup.notify.ping.url=" + PING, "NEO4J_HOME", "/opt/neo4j"));
        environment.clean(child);

        assertThat(child).containsOnlyKeys("NEO4J_HOME");
    }
}
