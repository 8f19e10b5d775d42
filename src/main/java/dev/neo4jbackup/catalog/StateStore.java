package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;

import dev.neo4jbackup.archive.ArchivePacker;
import dev.neo4jbackup.archive.JsonCodec;

/**
 * {@code .state.json}, shared by the service and the CLI. Each change is read-modify-write under a
 * JVM lock and replaces the file atomically, so a reader never sees half a file.
 */
public final class StateStore {

    private final Path file;

    public StateStore(Path storage) {
        this.file = storage.resolve(".state.json");
    }

    public synchronized ServiceState read() {
        if (!Files.exists(file)) {
            return ServiceState.INITIAL;
        }
        try {
            return JsonCodec.read(file, ServiceState.class);
        } catch (RuntimeException e) {
            // A damaged state file must not stop backups: start from a clean state and say so.
            org.slf4j.LoggerFactory.getLogger(StateStore.class)
                    .warn("STATE_UNREADABLE: {} could not be read ({}); starting from a clean state", file,
                            e.getMessage());
            return ServiceState.INITIAL;
        }
    }

    public synchronized ServiceState update(UnaryOperator<ServiceState> change) {
        ServiceState next = change.apply(read());
        write(next);
        return next;
    }

    private void write(ServiceState state) {
        Path temp = file.resolveSibling(".state.json.tmp");
        try {
            Files.write(temp, JsonCodec.toBytes(state));
            ArchivePacker.force(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
