package dev.neo4jbackup.alert;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.neo4jbackup.format.Sizes;

/** The free share of the filesystem that holds the backups, against backup.disk.min-free-ratio. */
class DiskSpace {

    private final Path storage;
    private final double minFreeRatio;

    DiskSpace(Path storage, double minFreeRatio) {
        this.storage = storage;
        this.minFreeRatio = minFreeRatio;
    }

    record Reading(long usable, long total, double minFreeRatio) {

        double freeRatio() {
            return total == 0 ? 1.0 : (double) usable / total;
        }

        boolean low() {
            return freeRatio() < minFreeRatio;
        }

        String numbers() {
            return String.format(Locale.ROOT, "Free: %s of %s (%.1f %%) | Minimum: %.0f %%", Sizes.human(usable),
                    Sizes.human(total), freeRatio() * 100, minFreeRatio * 100);
        }
    }

    Path storage() {
        return storage;
    }

    Reading read() throws IOException {
        FileStore store = Files.getFileStore(existing(storage.toAbsolutePath()));
        return new Reading(store.getUsableSpace(), store.getTotalSpace(), minFreeRatio);
    }

    /** Before the first backup the folder may not exist yet: its filesystem is its nearest parent's. */
    private static Path existing(Path path) {
        Path candidate = path;
        while (candidate != null && !Files.exists(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate == null ? path : candidate;
    }
}
