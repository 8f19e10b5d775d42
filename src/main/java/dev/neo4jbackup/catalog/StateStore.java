package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import org.slf4j.LoggerFactory;

import dev.neo4jbackup.archive.JsonCodec;

/**
 * {@code .state.json}, shared by the service and the CLI (another process). Each change is a
 * read-modify-write under an OS file lock on {@code .state.lock}, so a {@code pause} written by the CLI
 * while the service records a run's result is never lost; the file is replaced atomically, so a reader
 * never sees half a file and needs no lock.
 * <p>
 * The lock file is a dedicated one, never opened for anything else: on Linux, closing any descriptor of
 * a file drops every lock this process holds on it (see {@link StorageLock}). Threads of this process
 * are kept apart by an in-JVM lock per file first, so only one of them ever has the lock file open.
 */
public final class StateStore {

    /** One in-JVM lock per state file, shared by every StateStore of this process on that folder. */
    private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock local;

    public StateStore(Path storage) {
        Path root = storage.toAbsolutePath().normalize();
        this.file = root.resolve(CatalogNames.STATE);
        this.lockFile = root.resolve(CatalogNames.STATE_LOCK);
        this.local = LOCAL.computeIfAbsent(file, f -> new ReentrantLock());
    }

    public ServiceState read() {
        if (!Files.exists(file)) {
            return ServiceState.INITIAL;
        }
        try {
            return JsonCodec.read(file, ServiceState.class);
        } catch (RuntimeException e) {
            // A damaged state file must not stop backups: start from a clean state and say so.
            LoggerFactory.getLogger(StateStore.class)
                    .warn("STATE_UNREADABLE: {} could not be read ({}); starting from a clean state", file,
                            e.getMessage());
            return ServiceState.INITIAL;
        }
    }

    /** Reads, changes and writes the state as one step across threads and processes; returns the new state. */
    public ServiceState update(UnaryOperator<ServiceState> change) {
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                // a change made from inside a change: this thread already holds the OS lock
                return apply(change);
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                return apply(change);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile, e);
            }
        } finally {
            local.unlock();
        }
    }

    private ServiceState apply(UnaryOperator<ServiceState> change) {
        ServiceState next = change.apply(read());
        write(next);
        return next;
    }

    private void write(ServiceState state) {
        AtomicJsonFile.write(file, state);
    }
}
