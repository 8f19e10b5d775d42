package dev.neo4jbackup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, small filesystem (tmpfs) for tests of a full disk: mounting needs root, so a test that cannot
 * mount one is skipped with the reason.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path mount;

    private SmallFilesystem(Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code size} (e.g. "24m") at {@code dir/small-fs}, or skips the test. */
    public static SmallFilesystem mountOrSkip(Path dir, String size) throws IOException, InterruptedException {
        Path mount = Files.createDirectories(dir.resolve("small-fs"));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        boolean ok = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        Assumptions.assumeTrue(ok, "cannot mount a tmpfs here (needs root): " + output.trim());
        return new SmallFilesystem(mount);
    }

    public Path path() {
        return mount;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
}
