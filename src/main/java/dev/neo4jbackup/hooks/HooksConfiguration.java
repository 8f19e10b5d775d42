package dev.neo4jbackup.hooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.neo4j.ProcessRunner;

/**
 * The hooks: one {@link HookRunner}, which the run and the restore call before they stop Neo4j (as their
 * {@code RunHooks} and {@code RestoreHooks}) and which listens to their events for the post-hooks.
 */
@Configuration(proxyBeanMethods = false)
class HooksConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HooksConfiguration.class);

    @Bean
    HookRunner hookRunner(BackupProperties properties, ProcessRunner processes, BackupCatalog catalog) {
        BackupProperties.Hooks hooks = properties.hooks();
        StringBuilder set = new StringBuilder();
        append(set, "pre-backup", hooks.preBackup());
        append(set, "post-backup", hooks.postBackup());
        append(set, "pre-restore", hooks.preRestore());
        append(set, "post-restore", hooks.postRestore());
        append(set, "on-failure", hooks.onFailure());
        if (!set.isEmpty()) {
            log.info("Hooks: {} (timeout {} s each)", set, hooks.timeout().toSeconds());
        }
        return new HookRunner(hooks, new HookShell(processes, hooks.timeout()), catalog, properties.compression());
    }

    private static void append(StringBuilder set, String name, String command) {
        if (command != null) {
            set.append(set.isEmpty() ? "" : ", ").append(name);
        }
    }
}
