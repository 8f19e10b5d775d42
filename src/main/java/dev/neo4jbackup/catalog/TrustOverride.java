package dev.neo4jbackup.catalog;

/** What an operation does with a backup this service did not sign ({@link TrustGate}). */
public enum TrustOverride {
    /** Refuse it: BACKUP_UNTRUSTED. */
    NONE,
    /** The operator accepts it ({@code --trust-unsigned}): logged as BACKUP_TRUST_OVERRIDE and alerted. */
    OPERATOR,
    /** The operator's acceptance was logged and alerted at the start of the same operation: not again. */
    ACCEPTED;

    public static TrustOverride of(boolean trustUnsigned) {
        return trustUnsigned ? OPERATOR : NONE;
    }
}
