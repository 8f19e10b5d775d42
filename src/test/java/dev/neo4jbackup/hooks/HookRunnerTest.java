package dev.neo4jbackup.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.neo4jbackup.backup.BackupEvents;
import dev.neo4jbackup.backup.BackupOutcome;
import dev.neo4jbackup.backup.BackupRequest;
import dev.neo4jbackup.backup.RunReport;
import dev.neo4jbackup.config.BackupProperties;
import dev.neo4jbackup.domain.BackupId;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.domain.Trigger;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;
import dev.neo4jbackup.neo4j.ChildEnvironment;
import dev.neo4jbackup.neo4j.ProcessRunner;
import dev.neo4jbackup.restore.RestoreEvents;
import dev.neo4jbackup.testing.TestManifests;
import dev.neo4jbackup.testing.TestProperties;
import dev.neo4jbackup.testing.TestSigning;

/**
 * The hooks as real shell commands: their environment (the BACKUP_* variables, none of the service's
 * secrets), a failure and a timeout of a pre-hook (HOOK_FAILED, with the exit code and the output's
 * tail), a failing post-hook (a warning), and the order after a run and a restore.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class HookRunnerTest {

    static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    static final BackupId NEO4J = BackupId.of("neo4j", T0);
    static final BackupId MOVIES = BackupId.of("movies", T0);

    @TempDir
    Path dir;

    Path storage() throws Exception {
        return Files.createDirectories(dir.resolve("backups"));
    }

    Path order() {
        return dir.resolve("order.txt");
    }

    /** Appends one line per hook: its name and the variables it was given. */
    String line() {
        return "echo \"$BACKUP_HOOK id=$BACKUP_ID db=$BACKUP_DATABASE status=$BACKUP_STATUS code=$BACKUP_ERROR_CODE"
                + " trigger=$BACKUP_TRIGGER target=$BACKUP_TARGET archive=$BACKUP_ARCHIVE\" >> " + order();
    }

    HookRunner hooks(Map<String, String> hooks, ChildEnvironment environment) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("storage.path", storage().toString());
        hooks.forEach((k, v) -> values.put("hooks." + k, v));
        BackupProperties properties = TestProperties.bind(values);
        return new HookRunner(properties.hooks(), new HookShell(new ProcessRunner(environment),
                properties.hooks().timeout()), TestSigning.catalog(storage(), Clock.systemUTC()), Compression.GZIP);
    }

    HookRunner hooks(Map<String, String> hooks) throws Exception {
        return hooks(hooks, ChildEnvironment.byName());
    }

    List<String> lines() throws Exception {
        return Files.exists(order()) ? Files.readAllLines(order()) : List.of();
    }

    @Test
    void thePreBackupHookRunsOncePerBackupWithItsVariablesAndWithoutTheSecrets() throws Exception {
        // a variable of this JVM that stands for a configured secret (a password handed in by the environment)
        Map.Entry<String, String> secret = System.getenv().entrySet().stream()
                .filter(e -> e.getValue().length() >= 8 && !System.getenv("PATH").contains(e.getValue())
                        && !e.getKey().startsWith("BACKUP_"))
                .findFirst().orElseThrow();
        Path env = dir.resolve("env.txt");
        HookRunner hooks = hooks(Map.of("pre-backup", line() + "; env >> " + env),
                ChildEnvironment.without(List.of(secret.getValue())));

        hooks.beforeBackup(new BackupRequest(Trigger.MANUAL, null, List.of(), false), List.of(NEO4J, MOVIES));

        assertThat(lines()).containsExactly(
                "pre-backup id=" + NEO4J + " db=neo4j status=running code= trigger=manual target= archive="
                        + storage().resolve(NEO4J + ".dump.gz"),
                "pre-backup id=" + MOVIES + " db=movies status=running code= trigger=manual target= archive="
                        + storage().resolve(MOVIES + ".dump.gz"));
        String seen = Files.readString(env);
        assertThat(seen).contains("BACKUP_ID=" + NEO4J).contains("PATH=")
                .doesNotContain(secret.getKey() + "=").doesNotContain(secret.getValue());
    }

    @Test
    void aFailingPreBackupHookIsHookFailedWithItsExitCodeAndOutputTail(CapturedOutput output) throws Exception {
        HookRunner hooks = hooks(Map.of("pre-backup", "echo checking the replicas; echo replica lag 45 s >&2; exit 3"));

        assertThatThrownBy(() -> hooks.beforeBackup(BackupRequest.of(Trigger.SCHEDULED, null), List.of(NEO4J)))
                .isInstanceOfSatisfying(BackupFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.HOOK_FAILED);
                    assertThat(failure.reason()).isEqualTo("The pre-backup hook (backup.hooks.pre-backup) exited with "
                            + "3: checking the replicas | replica lag 45 s; the backup run was aborted before Neo4j "
                            + "was stopped");
                    assertThat(failure.numbers()).startsWith("Exit code: 3 | Took: ");
                    assertThat(failure.action()).isEqualTo(ErrorCode.HOOK_FAILED.action());
                });
        assertThat(output.getOut()).contains("HOOK_FAILED: pre-backup for " + NEO4J + " exited with 3");
    }

    @Test
    void aHookThatRunsPastTheTimeoutIsKilledAndFails() throws Exception {
        Path pid = dir.resolve("pid");
        HookRunner hooks = hooks(Map.of("pre-restore", "echo $$ > " + pid + "; exec sleep 600", "timeout", "1s"));

        assertThatThrownBy(() -> hooks.beforeRestore(NEO4J.toString(), "neo4j", "primary"))
                .isInstanceOfSatisfying(BackupFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.HOOK_FAILED);
                    assertThat(failure.reason()).isEqualTo("The pre-restore hook (backup.hooks.pre-restore) ran longer "
                            + "than backup.hooks.timeout (1 s) and was killed; the restore was refused before anything "
                            + "was stopped");
                    assertThat(failure.numbers()).startsWith("Exit code: none (killed)");
                });
        long hook = Long.parseLong(Files.readString(pid).strip());
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(hook).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aDryRunRunsNoHook() throws Exception {
        HookRunner hooks = hooks(Map.of("pre-backup", line() + "; exit 1"));

        hooks.beforeBackup(new BackupRequest(Trigger.MANUAL, null, List.of(), true), List.of(NEO4J));
        hooks.on(new BackupEvents.RunFinished(new RunReport(Trigger.MANUAL, T0, Duration.ofSeconds(1),
                List.of(new BackupOutcome(NEO4J.toString(), "neo4j", null, null)), null, true)));

        assertThat(lines()).isEmpty();
    }

    @Test
    void afterARunPostBackupRunsForEveryBackupAndOnFailureForTheFailedOnes(CapturedOutput output) throws Exception {
        HookRunner hooks = hooks(Map.of("post-backup", line() + "; test \"$BACKUP_STATUS\" = success",
                "on-failure", line()));
        Manifest published = manifest(NEO4J);
        RunReport report = new RunReport(Trigger.SCHEDULED, T0, Duration.ofSeconds(30), List.of(
                new BackupOutcome(NEO4J.toString(), "neo4j", published, null),
                new BackupOutcome(MOVIES.toString(), "movies", null,
                        new BackupFailure(ErrorCode.NEO4J_ADMIN_FAILED, "dump failed"))), null, false);

        hooks.on(new BackupEvents.RunFinished(report));

        assertThat(lines()).containsExactly(
                "post-backup id=" + NEO4J + " db=neo4j status=success code= trigger=scheduled target= archive="
                        + storage().resolve(NEO4J + ".dump.gz"),
                "post-backup id=" + MOVIES + " db=movies status=failed code=NEO4J_ADMIN_FAILED trigger=scheduled "
                        + "target= archive=" + storage().resolve(MOVIES + ".dump.gz"),
                "on-failure id=" + MOVIES + " db=movies status=failed code=NEO4J_ADMIN_FAILED trigger=scheduled "
                        + "target= archive=" + storage().resolve(MOVIES + ".dump.gz"));
        // the post-backup hook exits 1 for the failed backup: a warning, nothing thrown
        assertThat(output.getOut()).contains("HOOK_WARNING: post-backup for " + MOVIES + " exited with 1 (Exit code: 1")
                .doesNotContain("HOOK_WARNING: post-backup for " + NEO4J);
    }

    @Test
    void aRestoreRunsItsPreAndPostHooksAndOnFailureWhenItFails() throws Exception {
        HookRunner hooks = hooks(Map.of("pre-restore", line(), "post-restore", line(), "on-failure", line()));

        hooks.beforeRestore(NEO4J.toString(), "neo4j", "drill");
        hooks.on(new RestoreEvents.RestoreSucceeded(NEO4J.toString(), "neo4j", "drill", T0));
        hooks.on(new RestoreEvents.RestoreFailed(NEO4J.toString(), "neo4j", "primary",
                new BackupFailure(ErrorCode.RESTORE_HEALTH_FAILED, "graph_counts differ"), "rolled back", T0));

        // no such backup in the catalogue: no archive to name
        assertThat(lines()).containsExactly(
                "pre-restore id=" + NEO4J + " db=neo4j status=running code= trigger= target=drill archive=",
                "post-restore id=" + NEO4J + " db=neo4j status=success code= trigger= target=drill archive=",
                "post-restore id=" + NEO4J + " db=neo4j status=failed code=RESTORE_HEALTH_FAILED trigger= "
                        + "target=primary archive=",
                "on-failure id=" + NEO4J + " db=neo4j status=failed code=RESTORE_HEALTH_FAILED trigger= "
                        + "target=primary archive=");
    }

    @Test
    void withoutHooksNothingRuns() throws Exception {
        HookRunner hooks = hooks(Map.of());

        hooks.beforeBackup(BackupRequest.of(Trigger.MANUAL, null), List.of(NEO4J));
        hooks.beforeRestore(NEO4J.toString(), "neo4j", "primary");

        assertThat(lines()).isEmpty();
    }

    static Manifest manifest(BackupId id) {
        return TestManifests.dump(id).rawBytes(100).storedBytes(50).ratio(0.5).sha256("00")
                .durationsMs(Map.of("total", 1000L)).downtimeMs(100L).build();
    }
}
