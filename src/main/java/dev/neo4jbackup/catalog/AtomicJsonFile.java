package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import dev.neo4jbackup.archive.JsonCodec;

/**
 * The one way the service writes a JSON file (manifests, {@code .state.json}, {@code .restore.json}): a temp
 * file in the same folder, written and fsynced, renamed over the file atomically, then the folder fsynced. A
 * reader sees the old file or the new one, whole, never a torn one, also after a power cut.
 */
public final class AtomicJsonFile {

    private AtomicJsonFile() {
    }

    /**
     * Replaces {@code file} with {@code value} as JSON (mode 0640). The folder must be a real folder: a folder
     * that is a symbolic link is refused (STORAGE_UNSAFE), as the catalogue refuses links everywhere.
     */
    public static void write(Path file, Object value) {
        Path folder = file.toAbsolutePath().getParent();
        SafeFiles.refuseLink(folder, "folder");
        byte[] bytes = JsonCodec.toBytes(value);
        Path temp = null;
        try {
            // a new file (never an existing one, nor a planted link): 0600 until it is complete
            temp = Files.createTempFile(folder, CatalogNames.tempPrefix(file.getFileName().toString()),
                    CatalogNames.TEMP_SUFFIX);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            SafeFiles.setMode(temp, BackupCatalog.FILE_MODE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            SafeFiles.forceDirectory(folder);
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a hidden leftover, never read as one of our files
                }
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
