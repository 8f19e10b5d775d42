package dev.neo4jbackup.restore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.logical.ImportBudget;
import dev.neo4jbackup.logical.LogicalImporter;
import dev.neo4jbackup.logical.LogicalProof;
import dev.neo4jbackup.logical.PartialImport;

/**
 * The logical restore's two stages: the proof (the whole file read once before anything is touched:
 * {@link LogicalProof}), then the import of the proven file into the live database, with the import marker
 * written before its first write. Each returns an immutable result or throws a {@link BackupFailure}: a refusal
 * of the proof touched nothing; every failure of the import (any Throwable) is a {@link PartialImport} that says
 * what was written.
 */
final class LogicalRestoreStage {

    private static final Logger log = LoggerFactory.getLogger(LogicalRestoreStage.class);

    /** What the import wrote. */
    record Imported(LogicalImporter.Imported imported, Path file) {
    }

    private final Path storage;
    private final ImportBudget budget;
    private final int maxLineBytes;
    private final RestoreGate gate;
    private final Clock clock;

    LogicalRestoreStage(Path storage, ImportBudget budget, int maxLineBytes, RestoreGate gate, Clock clock) {
        this.storage = storage;
        this.budget = budget;
        this.maxLineBytes = maxLineBytes;
        this.gate = gate;
        this.clock = clock;
    }

    LogicalRestoreStage withLimits(ImportBudget newBudget, int newMaxLineBytes) {
        return new LogicalRestoreStage(storage, newBudget, newMaxLineBytes, gate, clock);
    }

    ImportBudget budget() {
        return budget;
    }

    /** Reads the whole file once; LOGICAL_FORMAT_INVALID with the line and why when it fails; nothing touched. */
    LogicalProof.Proven prove(Path file, String what, Consumer<String> lines) {
        lines.accept("Proving " + what + " before anything is touched: every line read, parsed and checked...");
        try {
            LogicalProof.Proven proven = LogicalProof.prove(file, maxLineBytes);
            log.info("LOGICAL_PROOF: {}: {}", what, proven.summary());
            lines.accept("Proof: " + proven.summary());
            return proven;
        } catch (BackupFailure refused) {
            log.error("LOGICAL_PROOF_FAILED: {}: [{}] {}", what, refused.code(), refused.reason());
            throw refused;
        } catch (OutOfMemoryError e) {
            throw BackupFailure.of(ErrorCode.LOGICAL_FORMAT_INVALID, "Reading " + what + " ran out of heap before "
                    + "anything was written (" + e.getMessage() + "); nothing was touched", e);
        }
    }

    /**
     * The marker first ({@code .import.json}, atomically), then the import. The caller removes the marker once the
     * restore has ended in a state an operator was told of ({@link #finished}).
     *
     * @throws PartialImport on any failure after the marker: what was written, whether anything was
     */
    Imported importProven(RestoreTarget target, String database, LogicalProof.Proven proven, String what,
            String safetyId, LogicalImporter.Mode mode, Consumer<String> lines) {
        return importProven(target, database, proven, what, safetyId, mode, lines, true);
    }

    /** @param markerFirst false for a rollback's import: the restore's own marker stays until the rollback ended */
    Imported importProven(RestoreTarget target, String database, LogicalProof.Proven proven, String what,
            String safetyId, LogicalImporter.Mode mode, Consumer<String> lines, boolean markerFirst) {
        if (markerFirst) {
            ImportMarker.now(database, what, safetyId, mode.text(), target.name(), clock.instant()).write(storage);
        }
        lines.accept("Importing " + what + " into " + database + " over Bolt (--mode " + mode.text() + ", batches of "
                + budget.rows() + " entities or " + dev.neo4jbackup.format.Sizes.human(budget.bytes())
                + "; Neo4j keeps running)...");
        log.info("LOGICAL_RESTORE_START: {} into {} on {} (mode {})", what, database, target.name(), mode.text());
        LogicalImporter.Imported imported = new LogicalImporter(target.driver(), budget, gate::closed).importFile(
                proven, database, mode, lines);
        log.info("RESTORE_LOADED: {} into {} on {}: {} nodes, {} relationships ({} entities/s)", what, database,
                target.name(), imported.nodes(), imported.relationships(), Math.round(imported.perSecond()));
        return new Imported(imported, proven.file());
    }

    /** The restore has ended where an operator was told what happened: no start-up needs to finish it. */
    void finished() {
        ImportMarker.clear(storage);
    }
}
