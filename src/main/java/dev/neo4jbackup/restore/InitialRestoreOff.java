package dev.neo4jbackup.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;

/**
 * {@code backup.initial-restore} is set and {@code backup.scheduler.enabled=false}: the initial restore runs only in
 * the service with its scheduler ({@link InitialRestore}, whose bean is off then), so the service says at start why
 * the bundled backup was not restored instead of nothing. The CLI (no web server, its own scheduler off) says nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnExpression("'${backup.scheduler.enabled:true}' == 'false' and '${backup.initial-restore:}'.trim() != ''")
class InitialRestoreOff implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(InitialRestoreOff.class);

    private final String file;

    InitialRestoreOff(@Value("${backup.initial-restore}") String file) {
        this.file = file.trim();
    }

    @Override
    public void afterSingletonsInstantiated() {
        log.warn("INITIAL_RESTORE_SKIPPED: backup.initial-restore={} is not restored: the initial restore runs only "
                + "with the scheduler, and backup.scheduler.enabled=false here. Set BACKUP_SCHEDULER_ENABLED=true and "
                + "restart the service to restore it once into the empty database", file);
    }
}
