package dev.neo4jbackup.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** One writer per storage folder, across threads and processes, and a refusal that names the holder. */
class StorageLockTest {

    @TempDir
    Path storage;

    @Test
    void aSecondTakerInThisProcessIsRefusedAndDoesNotFreeTheFirstHoldersLockForOtherProcesses() throws Exception {
        StorageLock lock = new StorageLock(storage);
        try (StorageLock.Held held = lock.acquire("scheduled backup")) {
            // another thread of this process (the API, a second scheduler tick) tries and looks
            assertThatThrownBy(() -> new StorageLock(storage).acquire("manual backup"))
                    .isInstanceOfSatisfying(BackupFailure.class, f -> {
                        assertThat(f.code()).isEqualTo(ErrorCode.BACKUP_LOCKED);
                        assertThat(f.reason()).contains("scheduled backup")
                                .contains("pid " + ProcessHandle.current().pid());
                    });
            assertThat(lock.heldBy()).hasValueSatisfying(h -> assertThat(h).contains("scheduled backup"));

            // on Linux a careless try would have dropped the OS lock: another process must still be refused
            assertThat(childTries()).startsWith("LOCKED").contains("scheduled backup");
        }
        assertThat(lock.heldBy()).isEmpty();
        assertThat(childTries()).isEqualTo("ACQUIRED");
    }

    @Test
    void aLockHeldByAnotherProcessIsNamedAndFreedWhenThatProcessDies() throws Exception {
        Process holder = child("hold");
        try {
            String line = new String(holder.getInputStream().readNBytes("HOLDING".length()));
            assertThat(line).isEqualTo("HOLDING");
            assertThatThrownBy(() -> new StorageLock(storage).acquire("manual backup"))
                    .isInstanceOfSatisfying(BackupFailure.class, f -> assertThat(f.reason())
                            .contains("pid " + holder.pid()).contains("child holder"));
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // the OS dropped the dead holder's lock: no stale lock to clean by hand
        try (StorageLock.Held held = new StorageLock(storage).acquire("after the crash")) {
            assertThat(held).isNotNull();
        }
    }

    private String childTries() throws Exception {
        Process p = child("try");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes()).strip();
    }

    private Process child(String mode) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), storage.toString(), mode)
                .redirectErrorStream(true).start();
    }

    public static final class Child {
        public static void main(String[] args) throws Exception {
            StorageLock lock = new StorageLock(Path.of(args[0]));
            if (args[1].equals("hold")) {
                lock.acquire("child holder");
                System.out.print("HOLDING");
                System.out.flush();
                Thread.sleep(60_000);
                return;
            }
            try (StorageLock.Held held = lock.acquire("child try")) {
                System.out.print("ACQUIRED");
            } catch (BackupFailure f) {
                System.out.print("LOCKED " + f.reason());
            }
        }
    }
}
