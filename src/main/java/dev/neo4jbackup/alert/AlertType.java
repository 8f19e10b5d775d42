package dev.neo4jbackup.alert;

import java.util.List;

/** Every alert the service raises, with the incident it belongs to and what it means in one line. */
public enum AlertType {
    BACKUP_FAILED(Incidents.BACKUP, "A backup failed"),
    BACKUP_INCONSISTENT(Incidents.BACKUP, "A logical export saw writes while it ran"),
    BACKUP_ANOMALY(Incidents.ANOMALY, "A backup is much smaller than the one before it"),
    SCHEDULER_PAUSED(Incidents.BACKUP, "Scheduled backups are paused"),
    NEO4J_RESTART_FAILED(Incidents.NEO4J, "Neo4j did not come back after a backup"),
    NEO4J_LEFT_STOPPED(Incidents.NEO4J, "Neo4j was left stopped by a crashed run; started again"),
    BACKUP_STALE(Incidents.STALE, "No successful backup within backup.max-age"),
    DISK_LOW(Incidents.DISK, "Backup storage is low on space"),
    BACKUP_RECOVERED(null, "Backups succeed again"),
    RESTORE_FAILED(Incidents.RESTORE, "A restore failed"),
    RESTORE_INTERRUPTED(Incidents.RESTORE, "A restore's process died during its import; the next start finished it"),
    OFFSITE_FAILED(Incidents.OFFSITE, "A backup could not be copied off-site; it is queued"),
    TRUST_OVERRIDE(Incidents.TRUST, "An operator accepted a backup this service did not sign (--trust-unsigned)");

    /**
     * Which kinds of incident there are. A failed backup and a stale one are separate incidents so that
     * the hourly stale check never downgrades a paused scheduler; Neo4j and the storage filesystem are
     * shared by every database, so their incidents are not per database.
     */
    enum Incidents {
        BACKUP(true), STALE(true), NEO4J(false), DISK(false), RESTORE(true), OFFSITE(true),
        /** A kept backup much smaller than the one before: no recovery closes it, one of the usual size does. */
        ANOMALY(true), TRUST(true);

        final boolean perDatabase;

        Incidents(boolean perDatabase) {
            this.perDatabase = perDatabase;
        }
    }

    private final Incidents incident;
    private final String what;

    AlertType(Incidents incident, String what) {
        this.incident = incident;
        this.what = what;
    }

    /** The sentence that opens the mail. */
    public String what() {
        return what;
    }

    boolean isRecovery() {
        return incident == null;
    }

    /** The incident this alert opens or continues; none for a recovery. */
    IncidentKey incidentKey(String database) {
        if (incident == null) {
            throw new IllegalStateException(this + " closes incidents, it does not open one");
        }
        return new IncidentKey(incident, incident.perDatabase ? database : IncidentKey.ALL);
    }

    /**
     * What a successful backup of {@code database} may prove fixed: its failures, its age, Neo4j itself,
     * and a run refused for space (only the CRITICAL DISK_LOW of a refused run: a low ratio found by a
     * check stays until a check finds it fixed).
     */
    static List<IncidentKey> closedByRecoveryOf(String database) {
        return List.of(new IncidentKey(Incidents.BACKUP, database), new IncidentKey(Incidents.STALE, database),
                new IncidentKey(Incidents.NEO4J, IncidentKey.ALL), new IncidentKey(Incidents.DISK, IncidentKey.ALL));
    }
}
