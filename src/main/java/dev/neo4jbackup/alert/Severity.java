package dev.neo4jbackup.alert;

/** How urgent an alert is; the order matters (a change either way is mailed). */
public enum Severity {
    INFO, WARNING, CRITICAL
}
