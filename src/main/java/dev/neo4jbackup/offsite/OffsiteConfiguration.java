package dev.neo4jbackup.offsite;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.catalog.StateStore;
import dev.neo4jbackup.catalog.StorageLock;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.config.OffsiteProperties;
import dev.neo4jbackup.schedule.TaskSchedulers;

/** The off-site copies: one S3 client per destination, the queue and its thread. */
@Configuration(proxyBeanMethods = false)
class OffsiteConfiguration {

    @Bean
    OffsiteCopies offsiteCopies(OffsiteProperties offsite, BackupProperties properties, BackupCatalog catalog,
            StateStore state, StorageLock lock, ApplicationEventPublisher events, Clock clock) {
        Map<String, S3Store> stores = new LinkedHashMap<>();
        offsite.destinations().forEach((name, config) -> stores.put(name, new S3Store(config)));
        return new OffsiteCopies(offsite, stores, properties, catalog, state, lock, events, clock,
                duration -> Thread.sleep(duration.toMillis()));
    }

    /**
     * The uploads' thread ({@code offsite-upload-1}), apart from the runs: an upload of gigabytes never holds the
     * storage lock or delays the next run. At shutdown the upload in progress may end (it is queued again if not).
     */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler offsiteTaskScheduler() {
        return TaskSchedulers.oneThread("offsite-upload-", true, 60);
    }

    @Bean
    OffsiteQueue offsiteQueue(OffsiteCopies copies, @Qualifier("offsiteTaskScheduler") ThreadPoolTaskScheduler tasks,
            @Value("${backup.scheduler.enabled:true}") boolean scheduled) {
        return new OffsiteQueue(copies, tasks, scheduled);
    }
}
