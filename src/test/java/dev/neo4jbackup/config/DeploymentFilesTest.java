package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.neo4j.autoconfigure.Neo4jProperties;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files agree with the service, without a Docker engine: every variable docker-compose.yml
 * sets for the backup service binds to a real property (by Spring's relaxed binding or as one of
 * EnvironmentAliases), every key of the mounted config/compose-application.yml does too, the paths the properties
 * name are the mounted volumes, and Prometheus, the mail catcher and the Dockerfile point where the compose
 * file says. ({@code docker-compose config -q} in CI checks the file's own syntax.)
 */
class DeploymentFilesTest {

    /** Keys read with @Value or from the Environment rather than through a properties record (with the reader). */
    private static final Set<String> READ_ELSEWHERE = Set.of(
            "backup.alert.base-url", // alert/AlertConfiguration
            "backup.alert.check-interval", // alert/AlertConfiguration
            "backup.sandbox.enabled"); // sandbox/SandboxDefaults

    /** Variables that are no property at all, each read by something named here. */
    private static final Set<String> NOT_PROPERTIES = Set.of(
            "JAVA_OPTS", // bin/neo4j-backup passes it to the service's JVM
            "PORT"); // application.yml: server.port: ${PORT:8080}

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private final Map<String, String> dotEnv = readDotEnv(ROOT.resolve(".env.example"));
    private final Map<String, Object> compose = interpolated(ROOT.resolve("docker-compose.yml"));

    @Test
    void everyVariableTheComposeFileSetsForTheBackupServiceBindsToAProperty() {
        Map<String, String> environment = environment(service("backup"));
        assertThat(environment).isNotEmpty();

        List<String> bindsToNothing = new ArrayList<>();
        for (String variable : environment.keySet()) {
            if (!variable.startsWith("BACKUP_") && !EnvironmentAliases.ALIASES.containsKey(variable)
                    && !NOT_PROPERTIES.contains(variable)) {
                bindsToNothing.add(variable);
            }
        }
        assertThat(bindsToNothing).as("variables that are neither backup.* nor an alias").isEmpty();

        // the service's own binding: relaxed names from the environment, then the aliases (NEO4J_URI, ...)
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        spring.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new LinkedHashMap<>(environment)));
        new EnvironmentAliases().postProcessEnvironment(spring, new SpringApplication());
        Bound bound = bindStrictly(ConfigurationPropertySources.get(spring));

        BackupProperties backup = bound.backup();
        assertThat(backup.neo4j().stopMode()).isEqualTo(StopMode.DOCKER);
        assertThat(backup.neo4j().docker().container()).as("the container the service stops")
                .isEqualTo(service("neo4j").get("container_name"));
        assertThat(bound.neo4j().getUri()).hasToString("bolt://neo4j:7687");
        assertThat(bound.neo4j().getAuthentication().getPassword()).isEqualTo(dotEnv.get("NEO4J_PASSWORD"));
        assertThat(bound.api().operatorConfigured()).isTrue();
        assertThat(bound.signing().keyFile()).hasToString("/app/keys/signing.key");
    }

    @Test
    void storageDataAndSocketAreTheMountedVolumes() {
        Map<String, String> environment = environment(service("backup"));
        Map<String, String> backupMounts = mounts(service("backup"));
        Map<String, String> neo4jMounts = mounts(service("neo4j"));

        String storage = environment.get("BACKUP_STORAGE_PATH");
        assertThat(backupMounts).as("BACKUP_STORAGE_PATH is a mounted volume").containsKey(storage);
        assertThat(namedVolumes()).contains(backupMounts.get(storage));
        // the signing key on a volume of its own: kept across containers, never among the backups
        String key = environment.get("BACKUP_SIGNING_KEYFILE");
        String keyFolder = key.substring(0, key.lastIndexOf('/'));
        assertThat(backupMounts).as("the signing key's folder is a mounted volume").containsKey(keyFolder);
        assertThat(namedVolumes()).contains(backupMounts.get(keyFolder));
        assertThat(backupMounts.get(keyFolder)).isNotEqualTo(backupMounts.get(storage));
        assertThat(keyFolder).doesNotStartWith(storage + "/");
        assertThat(dockerfile()).contains("BACKUP_SIGNING_KEYFILE=" + key).contains("chmod 0700 " + keyFolder);

        // the backup service dumps from Neo4j's own data volume
        String data = environment.get("NEO4J_DATA_PATH");
        assertThat(backupMounts).as("NEO4J_DATA_PATH is a mounted volume").containsKey(data);
        assertThat(backupMounts.get(data)).isEqualTo(neo4jMounts.get("/data"));
        assertThat(namedVolumes()).contains(neo4jMounts.get("/data"), neo4jMounts.get("/logs"));

        String socket = environment.get("BACKUP_NEO4J_DOCKER_HOST").replaceFirst("^unix://", "");
        assertThat(backupMounts).as("the Docker socket is mounted").containsKey(socket);

        // Boot reads ./config/application.yml of the working directory, which the Dockerfile sets
        assertThat(backupMounts.get("/app/config/application.yml")).isEqualTo("./config/compose-application.yml");
        assertThat(dockerfile()).contains("\nWORKDIR /app\n");
    }

    @Test
    void everyKeyOfTheMountedApplicationYmlBindsAndMailGoesToTheCatcher() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("config/compose-application.yml",
                new FileSystemResource(ROOT.resolve("config/compose-application.yml")));
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        yaml.forEach(spring.getPropertySources()::addLast);

        Bound bound = bindStrictly(ConfigurationPropertySources.get(spring));

        assertThat(services()).containsKey(bound.mail().getHost());
        assertThat(bound.mail().getPort()).isEqualTo(1025);
        assertThat(spring.getProperty("backup.alert.base-url")).isEqualTo("http://localhost:8080");
        assertThat(spring.getProperty("password")).isNull();
    }

    @Test
    void noFileInConfigIsPickedUpByLocalRunsAndTests() throws IOException {
        // Boot loads ./config/application.* and ./config/*/application.* of the working directory: the compose
        // settings (mail to mailpit) must not leak into ./mvnw spring-boot:run or the tests
        try (var files = Files.walk(ROOT.resolve("config"), 2)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(name -> name.matches("application(-\\w+)?\\.(ya?ml|properties)"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheBackupServiceAndLoadsTheShippedRules() throws IOException {
        Map<String, String> mounts = mounts(service("prometheus"));
        assertThat(mounts.get("/etc/prometheus")).isEqualTo("./config/prometheus");

        Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("config/prometheus/prometheus.yml")));
        assertThat((List<Object>) prometheus.get("rule_files")).containsExactly("alerts.yml");
        Map<?, ?> job = (Map<?, ?>) ((List<?>) prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("job_name")).isEqualTo("neo4j-backup");
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<Object> targets = (List<Object>) ((Map<?, ?>) ((List<?>) job.get("static_configs")).get(0)).get("targets");
        // the service's name and its container port (server.port 8080)
        assertThat(targets).containsExactly("backup:8080");
        assertThat((List<?>) service("backup").get("ports")).anyMatch(p -> String.valueOf(p).endsWith(":8080"));
    }

    @Test
    void theDockerfileRunsTheSameNeo4jAsTheTestsAsUserNeo4jWithoutSecrets() {
        String dockerfile = dockerfile();
        String pomVersion = System.getProperty("neo4j.version", "5.26.30");
        Matcher arg = Pattern.compile("(?m)^ARG NEO4J_VERSION=(\\S+)$").matcher(dockerfile);
        assertThat(arg.find()).isTrue();
        assertThat(arg.group(1)).as("neo4j-admin in the image = the Neo4j the tests ran").startsWith(pomVersion + "-");
        assertThat(service("neo4j").get("image")).isEqualTo("neo4j:" + arg.group(1));
        assertThat(((Map<?, ?>) ((Map<?, ?>) service("backup").get("build")).get("args")).get("NEO4J_VERSION"))
                .isEqualTo(arg.group(1));

        // the official images unless a build argument names others (the deployment test's stand-ins)
        assertThat(dockerfile).contains("\nARG NEO4J_IMAGE=neo4j:${NEO4J_VERSION}\n").contains("\nFROM ${NEO4J_IMAGE}\n")
                .contains("\nARG JDK_IMAGE=eclipse-temurin:17-jdk\n").contains("\nFROM ${JDK_IMAGE} AS build\n")
                .contains("\nUSER neo4j\n")
                .contains("/app/neo4j-backup.jar").contains("-DskipNeo4jHome=true")
                .contains("/actuator/health/liveness").contains("ENTRYPOINT [\"neo4j-backup\"]");
        assertThat(dockerfile.lines().filter(l -> l.startsWith("ENV") || l.startsWith("ARG") || l.startsWith("    ")))
                .noneMatch(l -> l.toUpperCase().contains("PASSWORD"));
        // the launcher looks for the jar where the image puts it
        assertThat(read(ROOT.resolve("bin/neo4j-backup"))).contains("/app/neo4j-backup.jar");
    }

    @Test
    void passwordsComeFromDotEnvAndAreRequired() {
        String raw = read(ROOT.resolve("docker-compose.yml"));
        // ${NEO4J_PASSWORD:?...}: compose refuses to start without it rather than using an empty password
        assertThat(raw).contains("${NEO4J_PASSWORD:?");
        assertThat(dotEnv).containsKeys("NEO4J_PASSWORD", "BACKUP_API_PASSWORD", "DOCKER_GID");
        assertThat(read(ROOT.resolve(".gitignore")).lines()).contains(".env");
    }

    // --- binding -------------------------------------------------------------------------------------------

    private record Bound(BackupProperties backup, ApiProperties api, HealthProperties health, Neo4jProperties neo4j,
            MailProperties mail, SigningProperties signing) {
    }

    /**
     * Binds every prefix the files may set with a handler that fails on any key under it that no property
     * takes: a misspelt BACKUP_NEO4J_STOPMDOE or backup.alert.subjet-prefix fails here, not silently in
     * production.
     */
    private static Bound bindStrictly(Iterable<ConfigurationPropertySource> sources) {
        Predicate<ConfigurationPropertyName> elsewhere = name -> READ_ELSEWHERE.stream()
                .anyMatch(key -> ConfigurationPropertyName.of(key).equals(name));
        Predicate<ConfigurationPropertyName> subRecord = name -> ConfigurationPropertyName.of("backup.api")
                .isAncestorOf(name) || ConfigurationPropertyName.of("backup.health").isAncestorOf(name)
                || ConfigurationPropertyName.of("backup.signing").isAncestorOf(name);
        BackupProperties backup = strict(sources, "backup", BackupProperties.class, elsewhere.or(subRecord));
        ApiProperties api = strict(sources, "backup.api", ApiProperties.class, elsewhere);
        HealthProperties health = strict(sources, "backup.health", HealthProperties.class, elsewhere);
        Neo4jProperties neo4j = strict(sources, "spring.neo4j", Neo4jProperties.class, elsewhere);
        MailProperties mail = strict(sources, "spring.mail", MailProperties.class, elsewhere);
        SigningProperties signing = strict(sources, "backup.signing", SigningProperties.class, elsewhere);
        return new Bound(backup, api, health, neo4j, mail, signing);
    }

    private static <T> T strict(Iterable<ConfigurationPropertySource> sources, String prefix, Class<T> type,
            Predicate<ConfigurationPropertyName> excluded) {
        List<ConfigurationPropertySource> filtered = new ArrayList<>();
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                filtered.add(iterable.filter(excluded.negate()));
            }
        }
        BindHandler handler = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        try {
            return new Binder(filtered).bindOrCreate(prefix, Bindable.of(type), handler);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return fail(prefix + ": " + e.getMessage() + " <- " + cause.getMessage(), e);
        }
    }

    // --- the compose file, interpolated as docker-compose does with the example .env -----------------------

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value.replace("$$", "\u0000"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = dotEnv.get(m.group(1));
            String operator = m.group(2);
            boolean empty = set == null || (operator != null && operator.startsWith(":") && set.isEmpty());
            String replacement;
            if (!empty) {
                replacement = set;
            } else if (operator != null && operator.endsWith("-")) {
                replacement = m.group(3);
            } else if (operator != null && operator.endsWith("?")) {
                throw new AssertionError(m.group(1) + " is required by docker-compose.yml and missing in "
                        + ".env.example: " + m.group(3));
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    @SuppressWarnings("unchecked")
    private Object interpolateAll(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(String.valueOf(k), interpolateAll(v)));
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(this::interpolateAll).toList();
        }
        return node instanceof String s ? interpolate(s) : node;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> interpolated(Path file) {
        return (Map<String, Object>) interpolateAll(new Yaml().load(read(file)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() {
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name) {
        Map<String, Object> service = (Map<String, Object>) services().get(name);
        assertThat(service).as("service %s in docker-compose.yml", name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private Set<String> namedVolumes() {
        return ((Map<String, Object>) compose.get("volumes")).keySet();
    }

    /** environment: as a map or as a list of KEY=VALUE. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> result = new LinkedHashMap<>();
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return result;
    }

    /** Short-syntax volumes: container path -> source (a named volume or a host path). */
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
            String[] parts = String.valueOf(volume).split(":");
            result.put(parts[1], parts[0]);
        }
        return result;
    }

    private static Map<String, String> readDotEnv(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : read(file).lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] kv = trimmed.split("=", 2);
            values.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
        }
        return values;
    }

    private static String dockerfile() {
        return read(ROOT.resolve("Dockerfile"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
