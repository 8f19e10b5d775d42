package dev.neo4jbackup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a backup run needs: where backups go, how they are stored, which databases, and how to reach
 * and quiesce Neo4j. Seed 003's environment variables bind as they are (BACKUP_STORAGE_PATH,
 * BACKUP_COMPRESSION); NEO4J_HOME and NEO4J_DATA_PATH are mapped in application.yml.
 */
@ConfigurationProperties("backup")
public record BackupProperties(
        @DefaultValue Storage storage,
        @DefaultValue("gzip") Compression compression,
        @DefaultValue("neo4j") List<String> databases,
        @DefaultValue Neo4j neo4j,
        @DefaultValue Disk disk) {

    /** Neo4j's own rule for database names (3 to 63 characters), lower-cased as Neo4j does. */
    static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9.\\-]{2,62}");

    public BackupProperties {
        if (databases == null || databases.isEmpty()) {
            throw new ConfigInvalidException("backup.databases", "", "no database to back up",
                    "list at least one database, e.g. BACKUP_DATABASES=neo4j");
        }
        databases = databases.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String database : databases) {
            if (!DATABASE_NAME.matcher(database).matches()) {
                throw new ConfigInvalidException("backup.databases", database, "not a Neo4j database name",
                        "use 3-63 letters, digits, dots or dashes starting with a letter, e.g. neo4j");
            }
        }
    }

    public record Storage(@DefaultValue("./backups") Path path) {
        public Storage {
            if (path == null || path.toString().isBlank()) {
                throw new ConfigInvalidException("backup.storage.path", "", "no storage folder",
                        "set BACKUP_STORAGE_PATH to the folder backups go to, e.g. /backups");
            }
        }
    }

    /**
     * @param home       NEO4J_HOME: the installation whose bin/neo4j-admin is used
     * @param confDir    NEO4J_CONF: a conf folder other than home/conf (optional)
     * @param dataPath   NEO4J_DATA_PATH: the data folder when it is not the one in the configuration
     *                   (a sidecar's mounted volume); seed 003's `/data/databases/neo4j` form is accepted
     * @param stopCommand  command mode: shell command that stops Neo4j (default `bin/neo4j stop`)
     * @param startCommand command mode: shell command that starts Neo4j (default `bin/neo4j start`)
     */
    public record Neo4j(
            Path home,
            Path confDir,
            Path dataPath,
            @DefaultValue("command") StopMode stopMode,
            String stopCommand,
            String startCommand,
            @DefaultValue("2m") Duration stopTimeout,
            @DefaultValue("3m") Duration startTimeout,
            @DefaultValue("6h") Duration dumpTimeout) {

        public Neo4j {
            requirePositive("backup.neo4j.stop-timeout", stopTimeout);
            requirePositive("backup.neo4j.start-timeout", startTimeout);
            requirePositive("backup.neo4j.dump-timeout", dumpTimeout);
            if (stopMode == StopMode.COMMAND) {
                stopCommand = blankToNull(stopCommand) != null ? stopCommand.trim() : "bin/neo4j stop";
                startCommand = blankToNull(startCommand) != null ? startCommand.trim() : "bin/neo4j start";
            }
            if (home != null && home.toString().isBlank()) {
                home = null;
            }
            if (confDir != null && confDir.toString().isBlank()) {
                confDir = null;
            }
            if (dataPath != null && dataPath.toString().isBlank()) {
                dataPath = null;
            }
        }
    }

    /**
     * @param estimateFactor a run needs the last archive's size times this (or the store size the first time)
     * @param minFreeRatio   the storage filesystem must keep at least this share free (seed 003: 20 %)
     */
    public record Disk(@DefaultValue("1.5") double estimateFactor, @DefaultValue("0.20") double minFreeRatio) {
        public Disk {
            if (!(estimateFactor >= 1.0) || estimateFactor > 100) {
                throw new ConfigInvalidException("backup.disk.estimate-factor", estimateFactor,
                        "must be between 1 and 100", "use e.g. 1.5");
            }
            if (!(minFreeRatio >= 0.0) || minFreeRatio >= 1.0) {
                throw new ConfigInvalidException("backup.disk.min-free-ratio", minFreeRatio,
                        "must be a share from 0 to below 1", "use e.g. 0.20 for 20 % free");
            }
        }
    }

    static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigInvalidException(property, value, "must be a positive duration",
                    "use e.g. 30s, 5m or 2h");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
