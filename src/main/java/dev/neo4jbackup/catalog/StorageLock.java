package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * One writer at a time on a storage folder, across processes: the service and the CLI take the same
 * OS file lock on {@code .lock}. The holder writes who it is into the file, so that the one refused
 * can say who holds it. The OS drops the lock when a holder dies, so a crash leaves no stale lock.
 */
public final class StorageLock {

    private final Path file;

    public StorageLock(Path storage) {
        this.file = storage.resolve(".lock");
    }

    /** Takes the lock or fails with BACKUP_LOCKED naming the holder. */
    public Held acquire(String purpose) {
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
                throw new BackupFailure(ErrorCode.BACKUP_LOCKED,
                        "The backup storage " + file.getParent() + " is locked by " + holder(), null,
                        "Wait for the running " + "operation to finish, then retry", null);
            }
            String who = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since "
                    + Instant.now() + " (" + purpose + ")";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new Held(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the storage lock " + file, e);
        }
    }

    /** Who holds the lock, as its holder wrote it. */
    public String holder() {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    /** A held lock; closing it releases it. */
    public static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                channel.truncate(0);
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
