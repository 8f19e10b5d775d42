package dev.neo4jbackup.logical;

import java.util.Map;

import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clear-first's deletion of the data, in transactions of at most {@code rows} nodes and fewer when Neo4j runs out of
 * transaction memory. Neo4j keeps every property of a node it deletes in the transaction's state: 200 nodes with a
 * 2 MB text each are 400 MB in one transaction, refused by a 256 MB {@code dbms.memory.transaction.total.max}
 * (measured on 5.26). The inner transactions that committed stay done; the rest goes a quarter as many nodes at a
 * time, down to one node a transaction, which fails only when one node is more than Neo4j may hold.
 */
final class GraphClearing {

    private static final Logger log = LoggerFactory.getLogger(GraphClearing.class);

    private GraphClearing() {
    }

    static void deleteData(Session session, int rows) {
        long batch = Math.max(1, rows);
        while (true) {
            try {
                session.run("MATCH (n) WHERE NOT n:" + ExportOptions.METADATA_LABEL + " CALL { WITH n DETACH DELETE n"
                        + " } IN TRANSACTIONS OF $batch ROWS", Map.of("batch", batch)).consume();
                return;
            } catch (TransientException e) {
                if (batch == 1 || !outOfMemory(e)) {
                    throw e;
                }
                long smaller = Math.max(1, batch / 4);
                log.info("LOGICAL_RESTORE: clearing {} nodes a transaction ran out of Neo4j's transaction memory; "
                        + "going on with {}", batch, smaller);
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
