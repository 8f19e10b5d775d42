package dev.neo4jbackup.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.neo4jbackup.domain.Kind;

/**
 * {@code backup.logical.auto.*}: the auto-backup on change. On its own cron the graph's counts are compared
 * with the last successful backup's, and a backup of {@code kind} is taken only when the graph changed
 * enough: at least {@code minNewNodes} new nodes, {@code minNewRelationships} new relationships or
 * {@code minGrowthPercent} growth of nodes plus relationships. A threshold of 0 turns its rule off.
 *
 * @param enabled  off by default; {@code create --auto} checks once whether it is on or not
 * @param schedule the check's cron, apart from {@code backup.schedule} (default: every 15 minutes)
 * @param kind     what the auto-backup is made of (default logical: no downtime)
 */
@ConfigurationProperties("backup.logical.auto")
public record AutoBackupProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("*/15 * * * *") String schedule,
        @DefaultValue("50") long minNewNodes,
        @DefaultValue("100") long minNewRelationships,
        @DefaultValue("10") double minGrowthPercent,
        @DefaultValue("logical") Kind kind) {

    public static final String PREFIX = "backup.logical.auto.";

    public AutoBackupProperties {
        if (schedule == null || schedule.isBlank()) {
            throw new ConfigInvalidException(PREFIX + "schedule", "", "no schedule for the auto-backup check",
                    "use a cron expression, e.g. BACKUP_LOGICAL_AUTO_SCHEDULE='*/15 * * * *' (every 15 minutes)");
        }
        schedule = schedule.trim();
        kind = kind == null ? Kind.LOGICAL : kind;
        if (minNewNodes < 0) {
            throw new ConfigInvalidException(PREFIX + "min-new-nodes", minNewNodes, "must not be negative",
                    "use e.g. 50, or 0 to turn the rule off");
        }
        if (minNewRelationships < 0) {
            throw new ConfigInvalidException(PREFIX + "min-new-relationships", minNewRelationships,
                    "must not be negative", "use e.g. 100, or 0 to turn the rule off");
        }
        if (!(minGrowthPercent >= 0) || minGrowthPercent > 1_000_000) {
            throw new ConfigInvalidException(PREFIX + "min-growth-percent", minGrowthPercent,
                    "must be a percentage of 0 or more", "use e.g. 10, or 0 to turn the rule off");
        }
        if (enabled && minNewNodes == 0 && minNewRelationships == 0 && minGrowthPercent == 0) {
            throw new ConfigInvalidException(PREFIX + "min-new-nodes", 0,
                    "every threshold is 0: the auto-backup would never find a change worth a backup",
                    "set at least one of min-new-nodes, min-new-relationships, min-growth-percent above 0");
        }
    }
}
