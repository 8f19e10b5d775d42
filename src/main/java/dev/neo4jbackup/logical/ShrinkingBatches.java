package dev.neo4jbackup.logical;

import java.util.Map;

import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A statement over many nodes ({@code ... CALL { ... } IN TRANSACTIONS OF $batch ROWS}) in transactions of at most
 * {@code rows} nodes, fewer when Neo4j runs out of transaction memory. Neo4j keeps every property of a node it
 * deletes, relabels or changes a property of in the transaction's state: 200 nodes with a 2 MB text each are 400 MB
 * in one transaction, and 10,000 nodes with a 1,536-float embedding 120 MB, refused by a 256 MB
 * {@code dbms.memory.transaction.total.max} (measured on 5.26). The inner transactions that committed stay done; the
 * statement runs again over what is left a quarter as many nodes at a time, down to one node a transaction, which
 * fails only when one node is more than Neo4j may hold. So the statement must be one that can run again: it selects
 * only what it has not done yet.
 */
final class ShrinkingBatches {

    private static final Logger log = LoggerFactory.getLogger(ShrinkingBatches.class);

    private ShrinkingBatches() {
    }

    /** @param query a statement with {@code $batch} as its rows per inner transaction */
    static void run(Session session, String query, int rows, String what) {
        long batch = Math.max(1, rows);
        while (true) {
            try {
                session.run(query, Map.of("batch", batch)).consume();
                return;
            } catch (TransientException e) {
                if (batch == 1 || !outOfMemory(e)) {
                    throw e;
                }
                long smaller = Math.max(1, batch / 4);
                log.info("LOGICAL_RESTORE: {} {} nodes a transaction ran out of Neo4j's transaction memory; going on "
                        + "with {}", what, batch, smaller);
                batch = smaller;
            }
        }
    }

    /** Neo4j's codes for a transaction over its memory: the pool of all of them, or the limit of one. */
    static boolean outOfMemory(TransientException e) {
        String code = e.code() == null ? "" : e.code();
        return code.endsWith("MemoryPoolOutOfMemoryError") || code.endsWith("TransactionMemoryLimit");
    }
}
