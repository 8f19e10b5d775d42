package dev.neo4jbackup.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bytes of the regular files under a folder of a running store: files that vanish meanwhile count 0. */
final class FolderBytes {

    private FolderBytes() {
    }

    static long of(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(FolderBytes::size).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
