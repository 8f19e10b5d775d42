package dev.neo4jbackup.alert;

/**
 * Somewhere besides mail that alerts go (webhooks), told of exactly the alerts the throttle lets through,
 * so every channel sees the same decisions. Implemented outside this package; it must return at once (hand
 * the work to its own thread) and must not throw.
 */
public interface AlertChannel {

    /** @param alert an alert the throttle decided to send (a new incident, a severity change, a repeat, a recovery) */
    void send(Alert alert);
}
