package dev.neo4jbackup.catalog;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The free and total bytes of the filesystem that holds a folder, as read once. */
public record FreeSpace(long usable, long total) {

    /** Reads the filesystem of {@code folder}, which must exist. */
    public static FreeSpace of(Path folder) throws IOException {
        FileStore store = Files.getFileStore(folder);
        return new FreeSpace(store.getUsableSpace(), store.getTotalSpace());
    }

    /**
     * Reads the filesystem {@code folder} is or will be on: before the first backup the folder may not exist
     * yet, and its filesystem is then its nearest existing parent's.
     */
    public static FreeSpace ofNearestExisting(Path folder) throws IOException {
        return of(existing(folder.toAbsolutePath()));
    }

    /** The share of the filesystem that is free; a filesystem that reports no size counts as all free. */
    public double freeRatio() {
        return total == 0 ? 1.0 : (double) usable / total;
    }

    /** The rule for putting {@code required} more bytes here, keeping {@code minFreeRatio} of it free. */
    public SpaceCheck check(long required, double minFreeRatio) {
        return new SpaceCheck(required, usable, total, minFreeRatio);
    }

    private static Path existing(Path path) {
        Path candidate = path;
        while (candidate != null && !Files.exists(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate == null ? path : candidate;
    }
}
