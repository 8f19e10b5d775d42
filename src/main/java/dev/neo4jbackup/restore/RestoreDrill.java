package dev.neo4jbackup.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.catalog.BackupCatalog;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;

/**
 * The restore drill: the newest backup of every database restored into a scratch target and checked,
 * so that "restorable" is proven, not assumed. A pass records the validation in the manifest (and so
 * {@code neo4j_backup_verify_last_success_timestamp_seconds}); a failure raises RESTORE_FAILED through
 * the restore's own event. The primary is never touched.
 */
public class RestoreDrill {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrill.class);

    private final Restorer restorer;
    private final BackupCatalog catalog;
    private final List<String> databases;
    private final String target;

    public RestoreDrill(Restorer restorer, BackupCatalog catalog, List<String> databases, String target) {
        this.restorer = restorer;
        this.catalog = catalog;
        this.databases = List.copyOf(databases);
        this.target = target;
    }

    /** One drill over every database; failures are logged and alerted, never thrown. */
    public List<String> runOnce() {
        List<String> passed = new ArrayList<>();
        for (String database : databases) {
            // a backup already known CORRUPTED was alerted when it was found: drill the newest one still trusted
            Optional<Manifest> newest = catalog.successes().stream().filter(m -> m.database().equals(database))
                    .reduce((a, b) -> b);
            if (newest.isEmpty()) {
                log.warn("DRILL_SKIPPED: no valid backup of {} to drill", database);
                continue;
            }
            String id = newest.get().id();
            log.info("DRILL_START: {} into {} on {}", id, database, target);
            try {
                restorer.drill(new RestoreRequest(id, database, target, false, false, false));
                log.info("DRILL_SUCCESS: {} restored and checked on {}", id, target);
                passed.add(id);
            } catch (BackupFailure failure) {
                log.error("DRILL_FAILED: {} on {}: {}: {}", id, target, failure.code(), failure.reason());
            } catch (RuntimeException e) {
                log.error("DRILL_FAILED: {} on {}: {}", id, target, e.toString(), e);
            }
        }
        return passed;
    }
}
