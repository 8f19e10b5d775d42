package dev.neo4jbackup.alert;

import java.time.Instant;

/**
 * An open problem, from its first alert until a recovery closes it.
 *
 * @param lastMailAt when a mail was last handed to the mailer for it (null: never, e.g. mail is off)
 * @param alerts     how many alerts it has raised, mailed or not
 */
record Incident(IncidentKey key, AlertType type, Severity severity, Instant openedAt, Instant lastMailAt,
        int alerts) {
}
