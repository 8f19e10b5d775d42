package dev.neo4jbackup.config;

import dev.neo4jbackup.domain.DatabaseName;

import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Kind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * What a backup run needs: where backups go, what kind of backup ({@code backup.kind}), how they are
 * stored, which databases, and how to reach and quiesce Neo4j. The documented environment variables bind as they are (BACKUP_STORAGE_PATH,
 * BACKUP_COMPRESSION); NEO4J_HOME and NEO4J_DATA_PATH are mapped in application.yml.
 */
@ConfigurationProperties("backup")
public record BackupProperties(
        @DefaultValue Storage storage,
        @DefaultValue("dump") Kind kind,
        @DefaultValue("gzip") Compression compression,
        // gzip's level, 0-9; unset: 0 (stored) for a dump, which is zstd inside, and 1 for a logical export
        Integer compressionLevel,
        @DefaultValue("neo4j") List<String> databases,
        @DefaultValue Neo4j neo4j,
        @DefaultValue Disk disk,
        @DefaultValue("0 2 * * *") String schedule,
        @DefaultValue("UTC") ZoneId timezone,
        @DefaultValue("false") boolean runOnStart,
        @DefaultValue("true") boolean catchUp,
        @DefaultValue("25h") Duration maxAge,
        @DefaultValue Retry retry,
        @DefaultValue Retention retention,
        @DefaultValue Alert alert,
        @DefaultValue Verify verify,
        // a backup much smaller than the one before it (BACKUP_ANOMALY)
        @DefaultValue AnomalyProperties anomaly,
        @DefaultValue Restore restore,
        @DefaultValue Drill drill,
        // "notify" is Object's: the component has another name, the property keeps the short one
        @DefaultValue @Name("notify") Notify notifications,
        @DefaultValue Hooks hooks,
        @DefaultValue Encryption encryption,
        @DefaultValue Logical logical,
        // the bundled initial backup, restored once into an empty database at start (restore.InitialRestore)
        Path initialRestore) {

    public BackupProperties {
        encryption = encryption == null ? new Encryption(null, null, null, null) : encryption;
        anomaly = anomaly == null ? AnomalyProperties.DEFAULT : anomaly;
        kind = kind == null ? Kind.DUMP : kind;
        initialRestore = initialRestore == null || initialRestore.toString().isBlank() ? null : initialRestore;
        logical = logical == null ? new Logical(null, null, false, 20000, 5000, null, null, null) : logical;
        if (databases == null || databases.isEmpty()) {
            throw new ConfigInvalidException("backup.databases", "", "no database to back up",
                    "list at least one database, e.g. BACKUP_DATABASES=neo4j");
        }
        if (schedule == null || schedule.isBlank()) {
            throw new ConfigInvalidException("backup.schedule", schedule == null ? "" : schedule, "no schedule",
                    "use a cron expression, e.g. BACKUP_SCHEDULE='0 2 * * *' (every day at 02:00) or @daily");
        }
        schedule = schedule.trim();
        if (compressionLevel != null && (compressionLevel < 0 || compressionLevel > 9)) {
            throw new ConfigInvalidException("backup.compression-level", String.valueOf(compressionLevel),
                    "gzip levels are 0 (stored) to 9", "leave BACKUP_COMPRESSIONLEVEL unset (0 for a dump: a Neo4j 5 "
                            + "dump is already Zstandard-compressed, deflating it saves ~0.2 % for ~7 times the CPU; "
                            + "1 for a logical export)");
        }
        requirePositive("backup.max-age", maxAge);
        // folded as Neo4j folds them: the configured name is the one the archives and ids carry
        databases = databases.stream().map(d -> d == null ? "" : d.trim().toLowerCase(Locale.ROOT)).distinct()
                .toList();
        if (drill != null && drill.enabled() && (restore == null || !restore.targets().containsKey(drill.target()))) {
            throw new ConfigInvalidException("backup.drill.target", drill.target(),
                    "no such restore target (backup.restore.targets." + drill.target() + ")",
                    "describe a scratch Neo4j under backup.restore.targets.<name> and name it here; the drill never "
                            + "restores into the primary");
        }
        for (String database : databases) {
            if (!DatabaseName.isValid(database)) {
                throw new ConfigInvalidException("backup.databases", database, "not a Neo4j database name",
                        "use " + DatabaseName.RULE.replace(", in lower case", "") + ", e.g. neo4j");
            }
        }
    }

    public record Storage(@DefaultValue("./backups") Path path) {
        public Storage {
            if (path == null || path.toString().isBlank()) {
                throw new ConfigInvalidException("backup.storage.path", "", "no storage folder",
                        "set BACKUP_STORAGE_PATH to the folder backups go to, e.g. /backups");
            }
            // the folder is created when missing; a file in its place (or above it) would only fail later,
            // mid-run, as a NotDirectoryException
            for (Path at = path.toAbsolutePath().normalize(); at != null; at = at.getParent()) {
                if (Files.exists(at)) {
                    if (!Files.isDirectory(at)) {
                        throw new ConfigInvalidException("backup.storage.path", path,
                                at.equals(path.toAbsolutePath().normalize()) ? "a file, not a folder"
                                        : at + " is a file, not a folder",
                                "set BACKUP_STORAGE_PATH to a folder (it is created when missing), e.g. /backups");
                    }
                    break;
                }
            }
        }
    }

    /** gzip's level for a dump: the configured one, else 0 (stored: the dump is Zstandard inside). */
    public int dumpCompressionLevel() {
        return compressionLevel != null ? compressionLevel : 0;
    }

    /** gzip's level for a logical export's JSON lines: the configured one, else 1 (text deflates well). */
    public int textCompressionLevel() {
        return compressionLevel != null ? compressionLevel : 1;
    }

    /**
     * @param home       NEO4J_HOME: the installation whose bin/neo4j-admin is used
     * @param confDir    NEO4J_CONF: a conf folder other than home/conf (optional)
     * @param dataPath   NEO4J_DATA_PATH: the data folder when it is not the one in the configuration
     *                   (a sidecar's mounted volume); the database folder form `/data/databases/neo4j` is accepted
     * @param stopCommand  command mode: shell command that stops Neo4j (default `bin/neo4j stop`)
     * @param startCommand command mode: shell command that starts Neo4j (default `bin/neo4j start`)
     * @param docker       docker mode: which container to stop and start, through which Docker Engine
     * @param snapshot        off, copy or command: copy the store while stopped, start Neo4j, dump the copy
     * @param snapshotCommand command mode: shell command run while Neo4j is stopped that makes a snapshot of
     *                        the data folder and mounts it at {@code snapshotPath}
     * @param snapshotPath    command mode: the folder holding the snapshot's databases/ and transactions/
     * @param nice            the niceness (0-19) of the neo4j-admin work that runs beside a running Neo4j (the
     *                        dump of a snapshot, verify's consistency check): Neo4j's start and queries come
     *                        first on a small host; 0 runs it at the service's own priority
     * @param startFirst      packaging (gzip, SHA-256, encryption) waits until Neo4j answers again instead of
     *                        running beside its start: on two cores gzip slows the start it overlaps, and the
     *                        start is the downtime; false overlaps them (shorter end to end where cores are spare)
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
            @DefaultValue("6h") Duration dumpTimeout,
            @DefaultValue Docker docker,
            @DefaultValue("off") SnapshotMode snapshot,
            String snapshotCommand,
            Path snapshotPath,
            @DefaultValue("10") int nice,
            @DefaultValue("true") boolean startFirst) {

        public Neo4j {
            if (snapshot == null) {
                snapshot = SnapshotMode.OFF;
            }
            snapshotCommand = blankToNull(snapshotCommand) != null ? snapshotCommand.trim() : null;
            if (snapshotPath != null && snapshotPath.toString().isBlank()) {
                snapshotPath = null;
            }
            if (snapshot == SnapshotMode.COMMAND) {
                if (snapshotCommand == null) {
                    throw new ConfigInvalidException("backup.neo4j.snapshot-command", "",
                            "snapshot mode command needs the command that makes the snapshot",
                            "set BACKUP_NEO4J_SNAPSHOTCOMMAND (e.g. an lvcreate/zfs snapshot script), or use "
                                    + "backup.neo4j.snapshot=copy");
                }
                if (snapshotPath == null) {
                    throw new ConfigInvalidException("backup.neo4j.snapshot-path", "",
                            "snapshot mode command needs the folder where the snapshot holds databases/ and "
                                    + "transactions/", "set BACKUP_NEO4J_SNAPSHOTPATH to the snapshot's mount path");
                }
            }
            if (nice < 0 || nice > 19) {
                throw new ConfigInvalidException("backup.neo4j.nice", String.valueOf(nice),
                        "a niceness is 0 (the service's own priority) to 19 (only what no one else wants)",
                        "set BACKUP_NEO4J_NICE between 0 and 19 (default 10)");
            }
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
            if (docker == null) {
                docker = new Docker(null, null, null);
            }
            if (stopMode == StopMode.DOCKER) {
                docker.requireTarget();
            }
        }
    }

    /**
     * Stop mode docker: the Neo4j container, by name (or id) or by label, on the Docker Engine at {@code host}.
     *
     * @param container the container's name or id, e.g. {@code neo4j} (compose: its {@code container_name})
     * @param label     instead of a name: {@code key=value} (or just {@code key}); every container carrying it
     *                  is stopped, and the ones that were running are started again
     * @param host      the Docker Engine: the mounted socket ({@code unix:///var/run/docker.sock}) or {@code tcp://}
     */
    public record Docker(String container, String label,
            @DefaultValue("unix:///var/run/docker.sock") String host) {
        public Docker {
            container = blankToNull(container) == null ? null : container.trim();
            label = blankToNull(label) == null ? null : label.trim();
            host = blankToNull(host) == null ? "unix:///var/run/docker.sock" : host.trim();
            if (!host.startsWith("unix://") && !host.startsWith("tcp://") && !host.startsWith("npipe://")) {
                throw new ConfigInvalidException("backup.neo4j.docker.host", host, "not a Docker Engine address",
                        "use unix:///var/run/docker.sock (the mounted socket) or tcp://host:2375");
            }
        }

        void requireTarget() {
            if (container == null && label == null) {
                throw new ConfigInvalidException("backup.neo4j.docker.container", "",
                        "stop mode docker needs the Neo4j container", "set BACKUP_NEO4J_DOCKER_CONTAINER to its "
                                + "name (e.g. neo4j), or BACKUP_NEO4J_DOCKER_LABEL to a label it carries");
            }
            if (container != null && label != null) {
                throw new ConfigInvalidException("backup.neo4j.docker.label", label,
                        "both a container name and a label are set", "set only one of "
                                + "BACKUP_NEO4J_DOCKER_CONTAINER and BACKUP_NEO4J_DOCKER_LABEL");
            }
        }
    }

    /**
     * @param estimateFactor a run needs the last archive's size times this (or the store size the first time)
     * @param minFreeRatio   the storage filesystem must keep at least this share free (default 20 %)
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

    /**
     * The failure handling: retry after each delay in turn (the last one repeats), pause the
     * scheduler after {@code pauseAfter} failures in a row until an operator resumes it.
     */
    public record Retry(@DefaultValue({"1m", "5m", "30m", "24h"}) List<Duration> delays,
            @DefaultValue("5") int pauseAfter) {
        public Retry {
            if (delays == null || delays.isEmpty()) {
                throw new ConfigInvalidException("backup.retry.delays", "", "no retry delay",
                        "list at least one delay, e.g. BACKUP_RETRY_DELAYS=1m,5m,30m,24h");
            }
            for (Duration delay : delays) {
                requirePositive("backup.retry.delays", delay);
            }
            delays = List.copyOf(delays);
            if (pauseAfter < 1) {
                throw new ConfigInvalidException("backup.retry.pause-after", pauseAfter, "must be 1 or more",
                        "use e.g. 5 (pause after five failures in a row)");
            }
        }
    }

    /**
     * GFS retention like restic's forget: each rule keeps the newest backup of its period; rules are OR-ed.
     *
     * @param days the BACKUP_RETENTION_DAYS shorthand: when set, it is the number of daily backups kept
     */
    public record Retention(
            Integer keepLast,
            @DefaultValue("0") int keepHourly,
            @DefaultValue("7") int keepDaily,
            @DefaultValue("4") int keepWeekly,
            @DefaultValue("3") int keepMonthly,
            Duration keepWithin,
            @DefaultValue("1") int minKeep,
            Integer days,
            @DefaultValue("7d") Duration expiringSoon) {
        public Retention {
            if (days != null) {
                if (days < 0) {
                    throw new ConfigInvalidException("backup.retention.days", days, "must not be negative",
                            "use e.g. BACKUP_RETENTION_DAYS=7");
                }
                keepDaily = days;
            }
            nonNegative("backup.retention.keep-last", keepLast == null ? 0 : keepLast);
            nonNegative("backup.retention.keep-hourly", keepHourly);
            nonNegative("backup.retention.keep-daily", keepDaily);
            nonNegative("backup.retention.keep-weekly", keepWeekly);
            nonNegative("backup.retention.keep-monthly", keepMonthly);
            if (keepWithin != null && keepWithin.isNegative()) {
                throw new ConfigInvalidException("backup.retention.keep-within", keepWithin, "must not be negative",
                        "use e.g. 7d");
            }
            if (minKeep < 1) {
                throw new ConfigInvalidException("backup.retention.min-keep", minKeep,
                        "must be 1 or more: pruning never deletes every backup", "use e.g. 1");
            }
            requirePositive("backup.retention.expiring-soon", expiringSoon);
        }

        private static void nonNegative(String property, int value) {
            if (value < 0) {
                throw new ConfigInvalidException(property, value, "must not be negative", "use 0 to turn the rule off");
            }
        }
    }

    /**
     * @param email          BACKUP_ALERT_EMAIL: who gets alert mails (a comma list); empty = log only
     * @param from           the sender address (default: spring.mail.username, else neo4j-backup@localhost)
     * @param subjectPrefix  put before every subject, e.g. the environment's name
     * @param repeatInterval while an incident lasts, the same alert is mailed again at most this often
     */
    public record Alert(
            @DefaultValue List<String> email,
            String from,
            @DefaultValue("[neo4j-backup]") String subjectPrefix,
            @DefaultValue("24h") Duration repeatInterval) {
        public Alert {
            email = email == null ? List.of()
                    : email.stream().map(String::trim).filter(e -> !e.isEmpty()).distinct().toList();
            for (String address : email) {
                if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                    throw new ConfigInvalidException("backup.alert.email", address, "not an email address",
                            "use a comma list such as BACKUP_ALERT_EMAIL=ops@example.com,oncall@example.com");
                }
            }
            requirePositive("backup.alert.repeat-interval", repeatInterval);
        }
    }

    /**
     * How every new backup is proven before it is published. {@code checksum}: the archive is read back
     * and its SHA-256 compared. {@code consistency}: also Neo4j's consistency checker over the dump.
     */
    public record Verify(@DefaultValue("checksum") VerifyMode mode) {
        public Verify {
            mode = mode == null ? VerifyMode.CHECKSUM : mode;
        }
    }

    /**
     * Restores: how long the health checks may wait for indexes to come online, and other Neo4j
     * instances a backup can be restored into ({@code backup.restore.targets.<name>}, e.g. a test
     * instance). The primary is the Neo4j of {@code backup.neo4j}.
     */
    public record Restore(@DefaultValue("5m") Duration indexTimeout, Map<String, Target> targets,
            @DefaultValue("rollback") OnInterrupt onInterrupt) {
        public Restore {
            onInterrupt = onInterrupt == null ? OnInterrupt.ROLLBACK : onInterrupt;
            requirePositive("backup.restore.index-timeout", indexTimeout);
            targets = targets == null ? Map.of() : new TreeMap<>(targets);
            if (targets.containsKey(PRIMARY)) {
                throw new ConfigInvalidException("backup.restore.targets." + PRIMARY, PRIMARY,
                        "'primary' names the Neo4j of backup.neo4j", "give the other instance another name, e.g. test");
            }
            targets.forEach((name, target) -> target.check(name));
        }

        public static final String PRIMARY = "primary";

        /**
         * What the next start does with a logical import its process did not live to finish (kill -9, a crash, a
         * shutdown mid-import): load the safety backup back, or leave the database as the import left it.
         */
        public enum OnInterrupt {
            ROLLBACK, LEAVE
        }
    }

    /**
     * Another Neo4j to restore into: its installation (home, conf, data path), how to reach it over Bolt,
     * and how to stop and start it around the load.
     */
    public record Target(
            Path home,
            Path confDir,
            Path dataPath,
            String uri,
            @DefaultValue("neo4j") String username,
            String password,
            @DefaultValue("command") StopMode stopMode,
            String stopCommand,
            String startCommand) {

        public Target {
            if (stopMode == StopMode.COMMAND) {
                stopCommand = blankToNull(stopCommand) != null ? stopCommand.trim() : "bin/neo4j stop";
                startCommand = blankToNull(startCommand) != null ? startCommand.trim() : "bin/neo4j start";
            }
        }

        void check(String name) {
            String prefix = "backup.restore.targets." + name + ".";
            if (home == null || home.toString().isBlank()) {
                throw new ConfigInvalidException(prefix + "home", "", "no Neo4j installation for this target",
                        "set the Neo4j home whose bin/neo4j-admin loads into this instance");
            }
            if (uri == null || !uri.matches("(bolt|neo4j)(\\+s|\\+ssc)?://.+")) {
                throw new ConfigInvalidException(prefix + "uri", uri == null ? "" : uri, "not a Bolt address",
                        "use e.g. bolt://test-neo4j:7687");
            }
            if (stopMode == StopMode.DOCKER || stopMode == StopMode.DATABASE) {
                throw new ConfigInvalidException(prefix + "stop-mode", stopMode.name().toLowerCase(Locale.ROOT),
                        "not available in this version yet", "use command or none");
            }
        }
    }

    /**
     * The restore drill: on this schedule the newest backup of every database is restored into a
     * scratch target and checked. Off while the schedule is empty (the default).
     */
    public record Drill(String schedule, @DefaultValue("drill") String target) {
        public Drill {
            schedule = blankToNull(schedule) == null ? null : schedule.trim();
        }

        public boolean enabled() {
            return schedule != null;
        }
    }

    /**
     * Notifications besides mail: webhooks for the same alerts (and the same throttle) as mail, and a
     * dead-man's switch pinged at the start and the end of every run.
     *
     * @param webhooks       {@code backup.notify.webhooks.<name>}: one per receiver
     * @param ping           an external monitor's URL (healthchecks.io, Uptime Kuma, Cronitor)
     * @param connectTimeout how long a connection may take before an attempt fails
     * @param requestTimeout how long an answer may take before an attempt fails (a black hole costs this)
     * @param retries        attempts after the first one, with a growing pause in between
     * @param queueCapacity  deliveries waiting for the sender; beyond it a new one is dropped, never waited for
     */
    public record Notify(Map<String, Webhook> webhooks, @DefaultValue Ping ping,
            @DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
            @DefaultValue("3") int retries, @DefaultValue("100") int queueCapacity) {
        public Notify {
            webhooks = webhooks == null ? Map.of() : new TreeMap<>(webhooks);
            webhooks.forEach((name, webhook) -> webhook.check(name));
            requirePositive("backup.notify.connect-timeout", connectTimeout);
            requirePositive("backup.notify.request-timeout", requestTimeout);
            if (retries < 0 || retries > 10) {
                throw new ConfigInvalidException("backup.notify.retries", retries, "must be between 0 and 10",
                        "use e.g. 3 (four attempts in all)");
            }
            if (queueCapacity < 1) {
                throw new ConfigInvalidException("backup.notify.queue-capacity", queueCapacity, "must be at least 1",
                        "use e.g. 100");
            }
        }
    }

    /**
     * One webhook receiver.
     *
     * @param format   json (the documented payload), slack (Slack and Mattermost incoming webhooks) or ntfy
     * @param on       failure: every alert but recoveries; always: recoveries too
     * @param template a Mustache file of the operator's own instead of the shipped one for the format
     */
    public record Webhook(String url, @DefaultValue("json") WebhookFormat format, @DefaultValue("failure") WebhookOn on,
            Path template) {

        void check(String name) {
            String prefix = "backup.notify.webhooks." + name + ".";
            requireHttpUrl(prefix + "url", url);
            if (template != null && !Files.isRegularFile(template)) {
                throw new ConfigInvalidException(prefix + "template", template, "no such file",
                        "point it at a Mustache template, or remove it to use the shipped one for the format");
            }
        }
    }

    public enum WebhookFormat {
        JSON, SLACK, NTFY
    }

    public enum WebhookOn {
        FAILURE, ALWAYS
    }

    /**
     * The dead-man's switch: {@code url + start} when a run starts, {@code url + success} when it succeeds,
     * {@code url + fail} when it fails. Off while the URL is empty.
     */
    public record Ping(String url, @DefaultValue("/start") String start, String success,
            @DefaultValue("/fail") String fail) {
        public Ping {
            url = blankToNull(url) == null ? null : url.trim();
            start = start == null ? "" : start.trim();
            success = success == null ? "" : success.trim();
            fail = fail == null ? "" : fail.trim();
            if (url != null) {
                requireHttpUrl("backup.notify.ping.url", url);
            }
        }

        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * Shell commands around every run ({@code sh -c}, without the service's secrets in their environment).
     * A failing pre-backup or pre-restore hook aborts before Neo4j is stopped (HOOK_FAILED); a failing
     * post-hook is a warning.
     */
    public record Hooks(String preBackup, String postBackup, String preRestore, String postRestore, String onFailure,
            @DefaultValue("5m") Duration timeout) {
        public Hooks {
            preBackup = blankToNull(preBackup);
            postBackup = blankToNull(postBackup);
            preRestore = blankToNull(preRestore);
            postRestore = blankToNull(postRestore);
            onFailure = blankToNull(onFailure);
            requirePositive("backup.hooks.timeout", timeout);
        }
    }

    /**
     * Encryption at rest with age (docs/encryption.md). The host that takes backups needs only the public keys;
     * the identity (private key) is for reading: validate with the key, restore, the drill.
     *
     * @param recipients     age public keys ({@code age1...}); every backup is encrypted to all of them
     * @param recipientsFile a file of age public keys, one per line ({@code #} comments), read at each run
     * @param identityFile   an age identity file (from age-keygen), only where backups are read
     * @param ageBinary      the age program (the Debian package age)
     */
    public record Encryption(List<String> recipients, Path recipientsFile, Path identityFile,
            @DefaultValue("age") String ageBinary) {
        public Encryption {
            recipients = recipients == null ? List.of()
                    : recipients.stream().map(String::trim).filter(r -> !r.isEmpty()).distinct().toList();
            for (String recipient : recipients) {
                if (!AgeRecipient.isValid(recipient)) {
                    throw new ConfigInvalidException("backup.encryption.recipients", shorten(recipient),
                            "not an age public key (age1 and 58 more characters)",
                            "use the public key age-keygen printed (age-keygen -y key.txt shows it again); "
                                    + "never the AGE-SECRET-KEY line");
                }
            }
            recipientsFile = recipientsFile == null || recipientsFile.toString().isBlank() ? null : recipientsFile;
            identityFile = identityFile == null || identityFile.toString().isBlank() ? null : identityFile;
            ageBinary = blankToNull(ageBinary) == null ? "age" : ageBinary.trim();
            if (recipientsFile != null) {
                String problem = recipientsFileProblem(recipientsFile);
                if (problem != null) {
                    throw new ConfigInvalidException("backup.encryption.recipients-file", recipientsFile, problem,
                            "point it at a file of age public keys, one per line (age-keygen -y key.txt >> file)");
                }
            }
            if (identityFile != null && !Files.isRegularFile(identityFile)) {
                throw new ConfigInvalidException("backup.encryption.identity-file", identityFile, "no such file",
                        "point it at the age identity (age-keygen -o key.txt), or remove it on a host that only "
                                + "takes backups");
            }
        }

        /** Backups are encrypted: at least one recipient is configured. */
        public boolean enabled() {
            return !recipients.isEmpty() || recipientsFile != null;
        }

        /** Null when the file holds at least one age public key and nothing else but comments. */
        public static String recipientsFileProblem(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return Files.exists(file) ? "cannot be read (" + e.getMessage() + ")" : "no such file";
            }
            int keys = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (!AgeRecipient.isValid(line)) {
                    return "line " + (i + 1) + " is not an age public key (" + shorten(line) + ")";
                }
                keys++;
            }
            return keys == 0 ? "holds no age public key" : null;
        }

        /** A secret key pasted by mistake must not reach the log whole. */
        private static String shorten(String text) {
            return text.length() > 12 ? text.substring(0, 12) + "..." : text;
        }
    }

    /**
     * The logical export over Bolt ({@code backup.kind=logical} or {@code create --kind logical}): what it
     * leaves out ({@code exclude-properties}: {@code key} on every label or {@code Label.key};
     * {@code exclude-labels}: nodes with such a label and their relationships), whether an export that saw
     * concurrent writes fails the run, and how many entities one page reads and one restore batch writes.
     */
    public record Logical(List<String> excludeProperties, List<String> excludeLabels,
            @DefaultValue("false") boolean requireConsistent, @DefaultValue("20000") int pageSize,
            @DefaultValue("5000") int batchSize,
            @DefaultValue("8MB") org.springframework.util.unit.DataSize pageBytes,
            @DefaultValue("8MB") org.springframework.util.unit.DataSize batchBytes,
            @DefaultValue("16MB") org.springframework.util.unit.DataSize maxLineBytes) {
        public Logical {
            pageBytes = pageBytes == null ? org.springframework.util.unit.DataSize.ofMegabytes(8) : pageBytes;
            batchBytes = batchBytes == null ? org.springframework.util.unit.DataSize.ofMegabytes(8) : batchBytes;
            maxLineBytes = maxLineBytes == null ? org.springframework.util.unit.DataSize.ofMegabytes(16) : maxLineBytes;
            requireBytes("backup.logical.page-bytes", pageBytes, 64 * 1024, 1L << 30, "8MB");
            requireBytes("backup.logical.batch-bytes", batchBytes, 64 * 1024, 1L << 30, "8MB");
            requireBytes("backup.logical.max-line-bytes", maxLineBytes, 64 * 1024, 1L << 30, "16MB");
            excludeProperties = cleaned(excludeProperties);
            excludeLabels = cleaned(excludeLabels);
            for (String p : excludeProperties) {
                if (p.startsWith(".") || p.endsWith(".") || p.chars().filter(c -> c == '.').count() > 1) {
                    throw new ConfigInvalidException("backup.logical.exclude-properties", p,
                            "not a property key nor Label.key", "use e.g. embedding or Document.embedding");
                }
            }
            if (pageSize < 1 || pageSize > 1_000_000) {
                throw new ConfigInvalidException("backup.logical.page-size", String.valueOf(pageSize),
                        "must be between 1 and 1000000", "use e.g. 20000");
            }
            if (batchSize < 1 || batchSize > 100_000) {
                throw new ConfigInvalidException("backup.logical.batch-size", String.valueOf(batchSize),
                        "must be between 1 and 100000", "use e.g. 5000");
            }
        }

        private static void requireBytes(String property, org.springframework.util.unit.DataSize value, long min,
                long max, String example) {
            if (value.toBytes() < min || value.toBytes() > max) {
                throw new ConfigInvalidException(property, value.toString(), "must be between 64KB and 1GB",
                        "use e.g. " + example);
            }
        }

        private static List<String> cleaned(List<String> values) {
            return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank())
                    .map(String::trim).distinct().toList();
        }
    }

    static void requireHttpUrl(String property, String url) {
        if (url == null || !url.trim().matches("(?i)https?://[^\\s/]+.*")) {
            // the value may hold a token: the operator knows it, the log need not
            throw new ConfigInvalidException(property, url == null ? "" : url.replaceAll("//.*", "//..."),
                    "not an http(s) URL", "use e.g. https://hooks.example.com/...");
        }
    }

    static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            // shown as written in a property (0s, 90m), not as java.time prints it (PT0S)
            String shown = value == null ? "" : value.toString().substring(2).toLowerCase(Locale.ROOT);
            throw new ConfigInvalidException(property, shown, "must be a positive duration",
                    "use e.g. 30s, 5m or 2h");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
