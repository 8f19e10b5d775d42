package dev.neo4jbackup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.neo4jbackup.Neo4jBackupApplication;
import dev.neo4jbackup.cli.Cli;

/**
 * A bad setting reads the same in the CLI and in a failed service start: one
 * {@code CONFIG_INVALID: property (VARIABLE) = 'value': problem. Fix: ...} line, never a converter's
 * message ("No enum constant ...", "For input string"), a NotDirectoryException or the driver's
 * "Unsupported scheme", and the start prints no exception chain before it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigErrorsReadTheSameTest {

    static final List<String> NEVER = List.of("No enum constant", "For input string", "is not a valid duration",
            "NotDirectoryException", "FileAlreadyExistsException", "Unsupported scheme", "dev.neo4jbackup.config.");
    static final List<String> NO_CHAIN = List.of("Exception encountered during context initialization",
            "Application run failed", "Caused by:", "\tat ", "Error creating bean");

    @TempDir
    Path dir;

    record Case(String property, String value, String expected) {
    }

    List<Case> cases() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Path openKey = Files.writeString(dir.resolve("open-signing.key"), "q1b0mVqFh1o3d9nJm2c5pL8sT4wX7yZ0aB3cD6eF9gE=\n");
        Files.setPosixFilePermissions(openKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path keyInside = dir.resolve("backups").resolve("signing.key");
        return List.of(
                new Case("backup.signing.key-file", keyInside.toString(),
                        "CONFIG_INVALID: backup.signing.key-file (BACKUP_SIGNING_KEYFILE) = '" + keyInside + "': inside "
                                + "the storage folder " + dir.resolve("backups") + ": whoever can write backups there "
                                + "could read the key and sign a forged backup. Fix: move it out of the storage folder"),
                new Case("backup.signing.key-file", openKey.toString(),
                        "CONFIG_INVALID: backup.signing.key-file (BACKUP_SIGNING_KEYFILE) = '" + openKey + "': mode "
                                + "0644: group or others may read or write the signing key. Fix: chmod 600 " + openKey),
                new Case("backup.compression", "zip",
                        "CONFIG_INVALID: backup.compression (BACKUP_COMPRESSION) = 'zip': cannot be read. "
                                + "Fix: use one of [gzip, none]"),
                new Case("backup.retry.pause-after", "x",
                        "CONFIG_INVALID: backup.retry.pause-after (BACKUP_RETRY_PAUSEAFTER) = 'x': cannot be read. "
                                + "Fix: use a whole number, e.g. 5"),
                new Case("backup.disk.estimate-factor", "lots",
                        "CONFIG_INVALID: backup.disk.estimate-factor (BACKUP_DISK_ESTIMATEFACTOR) = 'lots': cannot be "
                                + "read. Fix: use a number with a dot, e.g. 1.5 or 0.20"),
                new Case("backup.neo4j.dump-timeout", "soon",
                        "CONFIG_INVALID: backup.neo4j.dump-timeout (BACKUP_NEO4J_DUMPTIMEOUT) = 'soon': cannot be "
                                + "read. Fix: use a duration such as 30s, 5m, 2h or 1d"),
                new Case("backup.storage.path", file.toString(),
                        "CONFIG_INVALID: backup.storage.path (BACKUP_STORAGE_PATH) = '" + file + "': a file, not a "
                                + "folder. Fix: set BACKUP_STORAGE_PATH to a folder"),
                new Case("backup.storage.path", file.resolve("backups").toString(),
                        "CONFIG_INVALID: backup.storage.path (BACKUP_STORAGE_PATH) = '" + file.resolve("backups")
                                + "': " + file + " is a file, not a folder."),
                new Case("spring.neo4j.uri", "http://localhost:7474",
                        "CONFIG_INVALID: spring.neo4j.uri (NEO4J_URI) = 'http://localhost:7474': 'http' is not a Bolt "
                                + "scheme. Fix: use a Bolt address such as bolt://localhost:7687"),
                new Case("backup.databases", "../etc",
                        "CONFIG_INVALID: backup.databases (BACKUP_DATABASES) = '../etc': not a Neo4j database name."),
                new Case("backup.retenton-days", "3",
                        "CONFIG_INVALID: backup.retenton-days (BACKUP_RETENTONDAYS) = '3': no such property. "
                                + "Fix: did you mean backup.retention.days (BACKUP_RETENTION_DAYS)?"));
    }

    @Test
    void theCliAndAFailedServiceStartPrintTheSameOneLine(CapturedOutput output) throws Exception {
        for (Case c : cases()) {
            Map<String, String> properties = base();
            properties.put(c.property(), c.value());

            String cli = cliErr(properties, "status");
            assertThat(cli).as(c.property()).startsWith("ERROR: " + c.expected());
            assertThat(cli.strip().lines()).as("one line: " + cli).hasSize(1);
            NEVER.forEach(text -> assertThat(cli).as(c.property()).doesNotContain(text));

            int from = output.getAll().length();
            assertThatThrownBy(() -> start(properties, Map.of())).as(c.property()).isNotNull();
            String started = output.getAll().substring(from);
            assertThat(started).as(c.property()).contains(c.expected());
            NEVER.forEach(text -> assertThat(started).as(c.property()).doesNotContain(text));
            NO_CHAIN.forEach(text -> assertThat(started).as(c.property()).doesNotContain(text));
            assertThat(lineWith(started, "CONFIG_INVALID:")).as("the CLI's line is the service's")
                    .isEqualTo(cli.strip().substring("ERROR: ".length()));
            assertThat(started).as("checked before the web server starts").doesNotContain("Tomcat initialized");
        }
    }

    /** A bean that fails while the context starts (no NEO4J_HOME) is reported once, without the bean chain. */
    @Test
    void aFailureDuringTheContextStartIsTheReportWithoutTheChainBeforeIt(CapturedOutput output) {
        Map<String, String> properties = base();
        properties.remove("backup.neo4j.home");

        assertThatThrownBy(() -> start(properties, Map.of())).isNotNull();

        assertThat(output.getAll()).contains("CONFIG_INVALID: backup.neo4j.home (NEO4J_HOME) = '': no Neo4j "
                + "installation configured. Fix: set NEO4J_HOME");
        NO_CHAIN.forEach(text -> assertThat(output.getAll()).doesNotContain(text));
    }

    @Test
    void aBackupVariableThatBindsToNothingFailsTheStartWithTheNearestRealOne(CapturedOutput output) {
        assertThatThrownBy(() -> start(base(), Map.of("BACKUP_RETENTON_DAYS", "3"))).isNotNull();

        assertThat(output.getAll()).contains("CONFIG_INVALID: backup.retenton.days (BACKUP_RETENTON_DAYS) = '3': no "
                + "such property. Fix: did you mean backup.retention.days (BACKUP_RETENTION_DAYS)?");
        NO_CHAIN.forEach(text -> assertThat(output.getAll()).doesNotContain(text));

        int from = output.getAll().length();
        assertThatThrownBy(() -> start(base(), Map.of("BACKUP_NEO4J_STOP_MODE", "none"))).isNotNull();
        assertThat(output.getAll().substring(from)).contains("backup.neo4j.stop.mode (BACKUP_NEO4J_STOP_MODE) = "
                + "'none': no such property. Fix: did you mean backup.neo4j.stop-mode (BACKUP_NEO4J_STOPMODE)?");
    }

    Map<String, String> base() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("backup.sandbox.enabled", "false");
        p.put("backup.neo4j.home", dir.toString());
        p.put("backup.storage.path", dir.resolve("backups").toString());
        p.put("backup.scheduler.enabled", "false");
        p.put("backup.catch-up", "false");
        p.put("server.port", "0");
        return p;
    }

    /** The real service start, with the given environment variables as the process environment. */
    static void start(Map<String, String> properties, Map<String, Object> env) {
        SpringApplication application = new SpringApplication(Neo4jBackupApplication.class);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        application.setEnvironment(environment);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        application.run(args.toArray(String[]::new)).close();
    }

    static String cliErr(Map<String, String> properties, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            Cli.execute(args, new PrintWriter(out), new PrintWriter(err), properties);
        } finally {
            LoggingSystem logging = LoggingSystem.get(ConfigErrorsReadTheSameTest.class.getClassLoader());
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        }
        return err.toString();
    }

    static String lineWith(String text, String start) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst().orElse("(none)");
    }
}
