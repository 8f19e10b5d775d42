package dev.neo4jbackup.offsite;

import java.time.Clock;
import java.time.ZoneId;

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

/** The off-site copies: one store per destination ({@link ObjectStores}), the copies' parts, the queue's thread. */
@Configuration(proxyBeanMethods = false)
class OffsiteConfiguration {

    @Bean
    OffsiteCopies offsiteCopies(OffsiteProperties offsite, BackupProperties properties, BackupCatalog catalog,
            StateStore state, StorageLock lock, ApplicationEventPublisher events, Clock clock) {
        return copies(Targets.open(offsite, ObjectStores::open), properties.retention(), properties.timezone(),
                catalog, state, lock, events, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    /**
     * The copies over {@code targets}, their parts built here only.
     *
     * @param retention the local folder's rules, for the rules a destination leaves out
     * @param timezone  where a retention day begins ({@code backup.timezone})
     * @param sleeper   how the pause between tries of an upload is waited for
     */
    static OffsiteCopies copies(Targets targets, BackupProperties.Retention retention, ZoneId timezone,
            BackupCatalog catalog, StateStore state, StorageLock lock, ApplicationEventPublisher events, Clock clock,
            UploadQueue.Sleeper sleeper) {
        DestinationListing listing = new DestinationListing(targets, catalog.signer(), clock);
        RemotePruner pruner = new RemotePruner(listing, retention, timezone, events, clock);
        UploadQueue queue = new UploadQueue(targets, new RemoteUpload(catalog, clock),
                new LostQueueCheck(targets, listing, catalog, state), pruner, catalog, state, events, clock, sleeper);
        return new OffsiteCopies(targets, queue, listing, pruner, new RemoteFetch(catalog, lock, clock),
                new OffsiteStatus(targets, state));
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
