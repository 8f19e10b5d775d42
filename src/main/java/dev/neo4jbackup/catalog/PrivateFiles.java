package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Work files that hold the graph in plaintext (an extracted or decrypted dump, a logical export before it is
 * sealed): owner-only from the moment they exist ({@code 0600} files, {@code 0700} folders), never created with
 * the process's umask and narrowed after, so that no other user can open one while it is written or after a
 * kill left it behind in {@code .staging}.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** A new file, {@code 0600} from its creation; fails when it exists. */
    public static OutputStream create(Path file) throws IOException {
        try {
            return Channels.newOutputStream(Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(FILE)));
        } catch (UnsupportedOperationException notPosix) {
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** A new folder, {@code 0700} from its creation (its parents must exist); fails when it exists. */
    public static Path createFolder(Path folder) throws IOException {
        FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(FOLDER);
        try {
            return Files.createDirectory(folder, owner);
        } catch (UnsupportedOperationException notPosix) {
            return Files.createDirectory(folder);
        }
    }
}
