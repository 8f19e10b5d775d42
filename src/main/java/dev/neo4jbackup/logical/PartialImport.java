package dev.neo4jbackup.logical;

import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * An import that failed after it began to write: whatever the failure (Neo4j's refusal, a lost connection, an
 * OutOfMemoryError, a defect), it becomes one failure with its code, what was written before it and whether the
 * database was touched at all, so that the restore rolls back on every path and says what the database holds.
 */
public final class PartialImport extends BackupFailure {

    private static final long serialVersionUID = 1L;

    private final boolean touched;
    private final long nodesWritten;
    private final long relationshipsWritten;

    private PartialImport(ErrorCode code, String reason, String numbers, Throwable cause, boolean touched, long nodes,
            long relationships) {
        super(code, reason, numbers, null, cause);
        this.touched = touched;
        this.nodesWritten = nodes;
        this.relationshipsWritten = relationships;
    }

    static PartialImport of(Throwable failed, String database, LogicalImporter.Mode mode, boolean touched, long nodes,
            long relationships, LogicalProof.Proven proven) {
        if (failed instanceof PartialImport already) {
            return already;
        }
        ErrorCode code;
        String what;
        if (failed instanceof BackupFailure f) {
            code = f.code();
            what = f.reason();
        } else if (failed instanceof ServiceUnavailableException || failed instanceof SessionExpiredException) {
            code = ErrorCode.NEO4J_UNREACHABLE;
            what = "Neo4j stopped answering over Bolt: " + failed.getMessage();
        } else if (failed instanceof Neo4jException) {
            code = ErrorCode.BACKUP_FAILED;
            what = "Neo4j refused a write: " + failed.getMessage();
        } else if (failed instanceof OutOfMemoryError) {
            code = ErrorCode.BACKUP_FAILED;
            what = "the service ran out of heap (" + failed.getMessage() + "); lower backup.logical.batch-bytes or "
                    + "give the service more heap";
        } else {
            code = ErrorCode.BACKUP_FAILED;
            what = "an unexpected error: " + failed;
        }
        String reason = "The logical restore into " + database + " (--mode " + mode.text() + ") stopped: " + what;
        String numbers = touched ? "Written before it stopped: " + nodes + " of " + proven.nodes() + " nodes, "
                + relationships + " of " + proven.relationships() + " relationships" + (mode
                        == LogicalImporter.Mode.CLEAR_FIRST ? " (after clearing " + database + ")" : "")
                : "Nothing was written";
        return new PartialImport(code, reason, numbers, failed, touched, nodes, relationships);
    }

    /** Whether the database may have changed (cleared, or written to). */
    public boolean touched() {
        return touched;
    }

    public long nodesWritten() {
        return nodesWritten;
    }

    public long relationshipsWritten() {
        return relationshipsWritten;
    }
}
