package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.neo4jbackup.domain.HostName;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * One writer at a time on a storage folder, across processes: the service and the CLI take the same
 * OS file lock on {@code .lock}. The holder writes who it is into the file, so that the one refused
 * can say who holds it. The OS drops the lock when a holder dies, so a crash leaves no stale lock.
 * <p>
 * Within one process the lock is also kept in memory, and the file is not touched while this process
 * holds it: on Linux, closing any descriptor of a file drops every lock the process has on it, so a
 * second thread merely opening {@code .lock} to try it would silently free the first thread's lock.
 */
public final class StorageLock {

    /** Locks held by this process: lock file → holder text. Changes only under {@link #MONITOR}. */
    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();
    private static final Object MONITOR = new Object();

    private final Path file;

    public StorageLock(Path storage) {
        this.file = storage.resolve(CatalogNames.LOCK).toAbsolutePath().normalize();
    }

    /** Takes the lock or fails with BACKUP_LOCKED naming the holder. */
    public Held acquire(String purpose) {
        synchronized (MONITOR) {
            String here = HELD_HERE.get(file);
            if (here != null) {
                throw locked(here);
            }
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw locked(readHolder());
                }
                String who = "pid " + ProcessHandle.current().pid() + " on " + HostName.local() + " since "
                        + Instant.now() + " (" + purpose + ")";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                HELD_HERE.put(file, who);
                return new Held(file, channel, lock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the storage lock " + file, e);
            }
        }
    }

    private BackupFailure locked(String holder) {
        return new BackupFailure(ErrorCode.BACKUP_LOCKED, "The backup storage " + file.getParent()
                + " is locked by " + holder, null, "Wait for the running operation to finish, then retry", null);
    }

    /** Who holds the lock now, if anyone (a look, not a hold: the answer may change right after). */
    public Optional<String> heldBy() {
        synchronized (MONITOR) {
            String here = HELD_HERE.get(file);
            if (here != null) {
                return Optional.of(here);
            }
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return Optional.of(readHolder());
                }
                lock.release();
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the storage lock " + file, e);
            }
        }
    }

    private String readHolder() {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** A held lock; closing it releases it. */
    public static final class Held implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        Held(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            synchronized (MONITOR) {
                try {
                    channel.truncate(0);
                    lock.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    HELD_HERE.remove(file);
                }
            }
        }
    }
}
