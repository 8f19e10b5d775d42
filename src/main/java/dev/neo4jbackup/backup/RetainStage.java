package dev.neo4jbackup.backup;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.domain.Trigger;

/**
 * Stage 6, retain: only after a real run whose Neo4j came back, and only for the databases whose backup
 * was published and verified. A prune that fails is logged; the backup it follows stays a success.
 */
final class RetainStage {

    private static final Logger log = LoggerFactory.getLogger(RetainStage.class);

    private final Pruner pruner;

    /** @param pruner null: a runner without retention (tools, tests) */
    RetainStage(Pruner pruner) {
        this.pruner = pruner;
    }

    void retain(RunReport report) {
        List<String> succeeded = report.outcomes().stream().filter(BackupOutcome::ok).map(BackupOutcome::database)
                .toList();
        // never after a restore's safety backup: it could prune the very backup being restored
        if (pruner == null || report.dryRun() || report.failure() != null || succeeded.isEmpty()
                || report.trigger() == Trigger.SAFETY) {
            return;
        }
        try {
            pruner.prune(succeeded, false);
        } catch (RuntimeException e) {
            log.error("CLEANUP_FAILED: retention after {} did not complete ({}); the backup itself succeeded",
                    report.ids(), e.toString(), e);
        }
    }
}
