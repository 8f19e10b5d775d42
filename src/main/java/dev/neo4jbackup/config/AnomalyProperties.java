package dev.neo4jbackup.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backup.anomaly.*}: a backup much smaller than the previous successful one of the same database and kind
 * (nodes, relationships or stored bytes down by more than {@code threshold}) is flagged: BACKUP_ANOMALY warning,
 * metric, a mark in its manifest and in {@code list}; with {@code fail} it is a failed run instead (not published).
 *
 * @param enabled   compare at all (default true)
 * @param threshold the share a measure may fall by, strictly between 0 and 1 (default 0.5: half)
 * @param fail      a flagged backup fails the run (BACKUP_ANOMALY) and is not published; a restore's safety
 *                  backup is only ever flagged
 */
public record AnomalyProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0.5") double threshold,
        @DefaultValue("false") boolean fail) {

    public static final AnomalyProperties DEFAULT = new AnomalyProperties(true, 0.5, false);

    public AnomalyProperties {
        if (!(threshold > 0 && threshold < 1)) {
            throw new ConfigInvalidException("backup.anomaly.threshold", threshold, "must be a share between 0 and 1 "
                    + "(both excluded)", "use e.g. 0.5: a backup with less than half the nodes, relationships or "
                            + "bytes of the previous one is flagged; backup.anomaly.enabled=false turns it off");
        }
    }
}
