package dev.neo4jbackup.restore;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.Neo4jVersion.Release;

/**
 * Which Neo4j a backup may be restored into, decided before anything is stopped. A dump loads into its own
 * release line (5.26, 2025.12) or a newer one: restoring a 5.26 backup into 2025.x is the upgrade path (the
 * server upgrades the store when it starts). A dump from a newer line than the target runs is refused:
 * neo4j-admin itself refuses it too ("of a newer version than the current binaries. Downgrade is not
 * supported"), but only after Neo4j was stopped for the load, and with --overwrite-destination after it
 * removed the database it was to replace.
 *
 * <p>The backup's release is the manifest's {@code neo4jVersion} (read over Bolt when it was taken; the dump
 * header that `load --info` prints names its compression, not a version). The target's is what it answers
 * over Bolt, else what its neo4j-admin says. Where either is unknown the restore goes on and says so:
 * neo4j-admin remains the last word.
 */
final class RestoreVersionRule {

    private static final Logger log = LoggerFactory.getLogger(RestoreVersionRule.class);
    private static final Duration ADMIN_VERSION_TIMEOUT = Duration.ofSeconds(60);

    /** The decision for one backup and one target, with the versions it was made on. */
    public record Verdict(boolean allowed, String backupVersion, String targetVersion, String detail) {
    }

    private RestoreVersionRule() {
    }

    /** Throws RESTORE_VERSION_INCOMPATIBLE when the backup's line is newer than the target's; logs the verdict. */
    public static Verdict require(Manifest manifest, RestoreTarget target) {
        Verdict verdict = check(manifest, target);
        if (!verdict.allowed()) {
            throw new BackupFailure(ErrorCode.RESTORE_VERSION_INCOMPATIBLE, "Backup " + manifest.id()
                    + " was taken on Neo4j " + verdict.backupVersion() + ", " + target.name() + " runs Neo4j "
                    + verdict.targetVersion() + ": " + verdict.detail(),
                    "Backup: Neo4j " + verdict.backupVersion() + " | Target: Neo4j " + verdict.targetVersion(),
                    "Upgrade " + target.name() + " to Neo4j " + line(verdict.backupVersion()) + " or newer first, or "
                            + "restore a backup taken on Neo4j " + line(verdict.targetVersion())
                            + " or older (neo4j-backup list)",
                    null);
        }
        log.info("RESTORE_VERSION: {} ({})", verdict.detail(), target.name());
        return verdict;
    }

    /** The verdict without acting on it (the dry run says what a restore would do). */
    public static Verdict check(Manifest manifest, RestoreTarget target) {
        return decide(manifest.neo4jVersion(), targetVersion(target), target.name());
    }

    /** The rule itself, on the two version strings (either may be null: unknown). */
    public static Verdict decide(String backupVersion, String targetVersion, String targetName) {
        Optional<Release> backup = Release.parse(backupVersion);
        Optional<Release> server = Release.parse(targetVersion);
        if (backup.isEmpty() || server.isEmpty()) {
            return new Verdict(true, backupVersion, targetVersion, "not checked: the "
                    + (backup.isEmpty() ? "backup's Neo4j version (" + backupVersion + ")"
                            : "target's Neo4j version") + " is unknown; neo4j-admin decides at the load");
        }
        Release b = backup.get();
        Release s = server.get();
        if (b.newerLineThan(s)) {
            return new Verdict(false, backupVersion, targetVersion, "a dump of Neo4j " + b.line()
                    + " cannot be loaded by Neo4j " + s.line() + " (Neo4j does not downgrade a store); "
                    + "refused before anything was stopped");
        }
        String how = b.line().equals(s.line()) ? "the same release line"
                : "an upgrade from " + b.line() + " to " + s.line() + " (the store is upgraded when Neo4j starts)";
        return new Verdict(true, backupVersion, targetVersion, "Neo4j " + backupVersion + " into " + targetVersion
                + ": " + how);
    }

    private static String line(String version) {
        return Release.parse(version).map(Release::line).orElse(version);
    }

    /** Over Bolt when the target answers; else its neo4j-admin; null when neither says. */
    static String targetVersion(RestoreTarget target) {
        try {
            return target.stats().version().version();
        } catch (RuntimeException boltUnavailable) {
            try {
                return target.admin().version(ADMIN_VERSION_TIMEOUT).map(Release::toString).orElse(null);
            } catch (RuntimeException adminUnavailable) {
                return null;
            }
        }
    }
}
