package dev.neo4jbackup.restore;

/**
 * Asks the operator before the primary's data is replaced. The CLI asks on the terminal (and refuses
 * without one unless --yes); over HTTP and in the drill the request itself is the confirmation.
 */
@FunctionalInterface
public interface Confirmer {

    Confirmer YES = question -> true;

    /** @return true to go on; false cancels the restore (the database untouched) */
    boolean confirm(String question);
}
