package dev.neo4jbackup.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.testing.Neo4jServer;
import dev.neo4jbackup.testing.TestProperties;

/**
 * Secrets stay in the service: a service JVM started with its secrets in its environment (as
 * docker-compose passes them) runs a real stop command through the runner the service wires; the
 * child's {@code /proc/<pid>/environ} holds none of their names or values.
 */
class ChildEnvironmentSecretsTest {

    static final Map<String, String> SECRETS = Map.of(
            "BACKUP_API_PASSWORD", "api-operator-secret-1",
            "BACKUP_API_VIEWERPASSWORD", "api-viewer-secret-2",
            "SPRING_NEO4J_AUTHENTICATION_PASSWORD", "neo4j-bolt-secret-3",
            "NEO4J_AUTH", "neo4j/neo4j-auth-secret-4",
            "SPRING_MAIL_PASSWORD", "smtp-secret-5",
            "S3_SECRET_ACCESS_KEY", "s3-secret-6",
            "GITHUB_TOKEN", "ghp-token-7",
            // a secret under a harmless name: dropped because its value is a configured secret
            "EXTRA_OPTS", "-Dsomething=neo4j-bolt-secret-3",
            // the object store's secret key, configured through its variable and copied under a harmless name
            "BACKUP_DESTINATIONS_OFFSITE_SECRETACCESSKEY", "s3-destination-secret-8",
            "S3_COPY", "s3-destination-secret-8");

    @TempDir
    Path dir;

    @Test
    void aStopCommandStartedByTheServiceSeesNoSecretOfTheService() throws Exception {
        Path marker = dir.resolve("started");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Service.class.getName(), Neo4jServer.home().toString(),
                marker.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().putAll(SECRETS);
        builder.environment().put("HARMLESS_SETTING", "kept");
        builder.environment().put("BACKUP_DESTINATIONS_OFFSITE_BUCKET", "backups");
        builder.environment().put("BACKUP_DESTINATIONS_OFFSITE_ACCESSKEYID", "AKIAEXAMPLEKEY");
        // age as the service runs it: a stand-in that writes down the environment it was given
        Path ageEnv = dir.resolve("age-env");
        Path age = Files.writeString(dir.resolve("age"), "#!/bin/sh\nenv > " + ageEnv + "\necho v1.1.1\n");
        age.toFile().setExecutable(true);
        builder.environment().put("TEST_AGE_BINARY", age.toString());
        Process service = builder.start();
        try {
            ProcessHandle sleep = awaitDescendant(service.toHandle(), "sleep", Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError("the stop command never ran: " + log()));
            Map<String, String> env = environ(sleep.pid());

            assertThat(env).containsEntry("HARMLESS_SETTING", "kept").containsKey("NEO4J_HOME").containsKey("PATH");
            assertThat(env.keySet()).doesNotContainAnyElementsOf(SECRETS.keySet());
            String all = String.join("\n", env.values());
            for (String value : SECRETS.values()) {
                assertThat(all).as("value of a secret").doesNotContain(value.replace("neo4j/", ""));
            }
            // age (the encryption's child) got the same environment as every other child
            String ageSaw = Files.readString(ageEnv);
            assertThat(ageSaw).contains("HARMLESS_SETTING=kept");
            for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
                assertThat(ageSaw).as("age's environment").doesNotContain(secret.getKey() + "=")
                        .doesNotContain(secret.getValue().replace("neo4j/", ""));
            }
        } finally {
            service.descendants().forEach(ProcessHandle::destroyForcibly);
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Name rules alone, for a runner built without a configuration. */
    @Test
    void secretNamesAreDroppedWhateverTheirCase() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("db_password", "x", "Api_Token", "y",
                "client_secret", "z", "NEO4J_AUTH", "neo4j/w", "SPRING_NEO4J_AUTHENTICATION_USERNAME", "neo4j",
                "AWS_CREDENTIALS", "c", "PATH", "/usr/bin", "LANG", "C.UTF-8"));
        dev.neo4jbackup.neo4j.ChildEnvironment.byName().clean(env);
        assertThat(env).containsOnlyKeys("PATH", "LANG");
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("service.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    static Optional<ProcessHandle> awaitDescendant(ProcessHandle parent, String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = parent.descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    static Map<String, String> environ(long pid) throws java.io.IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        return Arrays.stream(new String(raw, StandardCharsets.UTF_8).split("\0")).filter(e -> e.contains("="))
                .collect(java.util.stream.Collectors.toMap(e -> e.substring(0, e.indexOf('=')),
                        e -> e.substring(e.indexOf('=') + 1), (a, b) -> b));
    }

    /** The service side: the runner as the service wires it, from this JVM's real environment. */
    public static final class Service {
        public static void main(String[] args) {
            StandardEnvironment environment = new StandardEnvironment();
            BackupProperties properties = TestProperties.bind(Map.of("storage.path", args[1] + "-storage",
                    "neo4j.home", args[0], "encryption.recipients",
                    "age1q9g7q3mp8mj6rswpcdx330tdmkncr3r3524sc3pu4qw7s9amq9gsxywl9t", "encryption.age-binary",
                    System.getenv("TEST_AGE_BINARY")));
            // the destinations bind from the environment, as the service's do
            var offsite = org.springframework.boot.context.properties.bind.Binder.get(environment).bindOrCreate(
                    "backup", dev.neo4jbackup.config.OffsiteProperties.class);
            ProcessRunner runner = new Neo4jConfiguration().processRunner(properties, offsite, environment);
            dev.neo4jbackup.crypt.Encryption.of(properties.encryption(), runner.childEnvironment())
                    .requireAvailable();
            Neo4jInstallation installation = new Neo4jInstallation(Path.of(args[0]), null, null);
            new CommandStop("sleep 60", "true", installation, runner, Duration.ofSeconds(90), Duration.ofSeconds(5))
                    .stop();
        }
    }
}
