package dev.neo4jbackup.alert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import dev.neo4jbackup.catalog.FreeSpace;
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
            return new FreeSpace(usable, total).freeRatio();
        }

        /** Under the minimum now: the space rule with nothing more to write. */
        boolean low() {
            return !new FreeSpace(usable, total).check(0, minFreeRatio).ok();
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
        FreeSpace space = FreeSpace.ofNearestExisting(storage);
        return new Reading(space.usable(), space.total(), minFreeRatio);
    }
}
