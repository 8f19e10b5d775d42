package dev.neo4jbackup.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;

import dev.neo4jbackup.Neo4jBackupApplication;

/**
 * The service's own wiring, started without web server and without scheduler, so that a command
 * uses exactly the classes and configuration the service uses; its beans are made when a command
 * first needs them.
 */
final class CliContext implements AutoCloseable {

    static final String SCHEDULER_ENABLED = "backup.scheduler.enabled";

    private final ConfigurableApplicationContext context;
    /** The operator's backup.scheduler.enabled, which the CLI overrides for itself (it never runs the schedule). */
    private final boolean schedulerEnabled;

    private CliContext(ConfigurableApplicationContext context, boolean schedulerEnabled) {
        this.context = context;
        this.schedulerEnabled = schedulerEnabled;
    }

    static CliContext start(Path config, boolean verbose, Map<String, String> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(SCHEDULER_ENABLED, "false");
        properties.put("backup.sandbox.start", "false");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("logging.level.root", verbose ? "INFO" : "OFF");
        properties.put("logging.level.org.neo4j.driver", verbose ? "WARN" : "OFF");
        // beans at first use: a command creates only what it needs, so list, status or delete run on a host
        // with only the storage folder (no NEO4J_HOME), and the configuration is still checked as a whole
        // before any command runs (config/ConfigurationCheck)
        properties.put("spring.main.lazy-initialization", "true");
        if (config != null) {
            properties.put("spring.config.additional-location", Cli.configLocation(config));
        }
        properties.putAll(extra);
        // as command-line arguments: above application.yml and the environment, as a command's settings must be
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Neo4jBackupApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run(args);
        String given = extra.get(SCHEDULER_ENABLED);
        return new CliContext(context, given != null ? Boolean.parseBoolean(given.trim())
                : configuredSchedulerEnabled(context.getEnvironment()));
    }

    /**
     * backup.scheduler.enabled as the service reads it (configuration file, environment), without the CLI's own
     * override on the command line.
     */
    private static boolean configuredSchedulerEnabled(ConfigurableEnvironment env) {
        MutablePropertySources sources = new org.springframework.core.env
                .MutablePropertySources();
        env.getPropertySources().stream().filter(source -> !source.getName().equals(org.springframework.core.env
                .CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME)
                && !source.getName().equals("configurationProperties")).forEach(sources::addLast);
        return new Binder(org.springframework.boot.context
                .properties.source.ConfigurationPropertySources.from(sources)).bind(SCHEDULER_ENABLED, Boolean.class)
                .orElse(true);
    }

    /** The service's scheduler is on (as configured; the CLI itself never runs it). */
    boolean schedulerEnabled() {
        return schedulerEnabled;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
