package dev.neo4jbackup.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the configuration before the context is refreshed, for the service and the CLI alike: a name
 * under {@code backup} that binds to nothing, the properties records (so that a bad value fails here, as
 * one line from {@link ConfigFailureAnalyzer}, and not as a bean-creation chain after the web server
 * started), and the Bolt address, which the driver would only refuse as "Unsupported scheme: http".
 */
public class ConfigurationCheck implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    static final ConfigurationPropertyName BACKUP = ConfigurationPropertyName.of("backup");
    static final String NEO4J_URI = "spring.neo4j.uri";
    static final Set<String> BOLT_SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        check(context.getEnvironment());
    }

    /** Throws {@link ConfigInvalidException} (or Spring's bind failure) for the first problem found. */
    public static void check(ConfigurableEnvironment environment) {
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(BACKUP::isAncestorOf).stream().forEach(name -> {
                    Optional<String> problem = KnownProperties.get().problem(name);
                    if (problem.isPresent()) {
                        Object value = iterable.getConfigurationProperty(name).getValue();
                        throw new ConfigInvalidException(name.toString(), value, "no such property", problem.get());
                    }
                });
            }
        }
        Binder binder = new Binder(sources);
        BackupProperties backup = binder.bindOrCreate("backup", BackupProperties.class);
        binder.bindOrCreate("backup.api", ApiProperties.class);
        binder.bindOrCreate("backup.health", HealthProperties.class);
        // the key files' rules before anything starts; a missing current key is written when the service starts
        binder.bindOrCreate("backup.signing", SigningProperties.class).check(backup.storage().path());
        checkBoltAddress(environment.getProperty(NEO4J_URI));
    }

    static void checkBoltAddress(String uri) {
        if (uri == null || uri.isBlank()) {
            return;
        }
        int colon = uri.indexOf("://");
        String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!BOLT_SCHEMES.contains(scheme)) {
            throw new ConfigInvalidException(NEO4J_URI, uri, colon > 0 ? "'" + scheme + "' is not a Bolt scheme"
                    : "not an address with a scheme", "use a Bolt address such as bolt://localhost:7687 (or neo4j://, "
                            + "bolt+s:// for TLS); the HTTP port 7474 is not Bolt");
        }
    }

    /** Before anything else looks at the environment: a bad value must not start a web server first. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
