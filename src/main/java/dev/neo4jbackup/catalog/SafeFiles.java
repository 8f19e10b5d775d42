package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/** The storage folder's file rules shared by the catalogue and {@link AtomicJsonFile}. */
final class SafeFiles {

    private SafeFiles() {
    }

    /** STORAGE_UNSAFE naming the link: a link would make us read, write or delete a file outside the root. */
    static void refuseLink(Path path, String what) {
        if (Files.isSymbolicLink(path)) {
            throw new BackupFailure(ErrorCode.STORAGE_UNSAFE, "The " + what + " " + path + " is a symbolic link (to "
                    + BackupCatalog.linkTarget(path) + "); links in the storage folder are never followed", null,
                    "Remove the link (rm " + path + ") or replace it with the real file, then retry", null);
        }
    }

    /** Makes a rename in {@code dir} durable. */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every filesystem can fsync a directory; the renames are still atomic.
        }
    }

    static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: permissions are the filesystem's business
        }
    }
}
