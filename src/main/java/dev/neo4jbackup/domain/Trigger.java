package dev.neo4jbackup.domain;

/** Why a run happened; recorded in the manifest. */
public enum Trigger {
    SCHEDULED, RETRY, CATCH_UP, MANUAL, SAFETY
}
