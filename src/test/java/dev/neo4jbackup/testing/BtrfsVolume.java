package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real btrfs filesystem for a test class: a sparse image under {@code target/btrfs-volumes/}, formatted with
 * {@code mkfs.btrfs}, loop-mounted, with a subvolume {@code neo4j} for a test Neo4j's data. Torn down after the
 * class (what was registered with {@link #closeBeforeUnmount} closed first, then umount, the loop device detached,
 * the image deleted), also when a test failed, and by a shutdown hook when the JVM ends early. A volume left by a
 * test JVM that was killed is removed by the next one.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final BtrfsVolume VOLUME = new BtrfsVolume();
 * </pre>
 * Skips the class (an assumption, with the reason) where it cannot run: not root, no loop device, no
 * {@code mkfs.btrfs}, or a kernel without btrfs.
 */
public final class BtrfsVolume implements BeforeAllCallback, AfterAllCallback {

    private static final Path ROOT = Path.of("target", "btrfs-volumes").toAbsolutePath();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final List<Path> TOOL_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"),
            Path.of("/bin"));

    private final long bytes;
    private final Deque<AutoCloseable> closeFirst = new ArrayDeque<>();
    private Path dir;
    private Path image;
    private Path mountPoint;
    private Thread hook;

    /** A 2 GiB volume (sparse: it takes only what is written). */
    public BtrfsVolume() {
        this(2L << 30);
    }

    public BtrfsVolume(long bytes) {
        this.bytes = bytes;
    }

    /** Where the filesystem is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The subvolume made for a test Neo4j's data. */
    public Path subvolume() {
        return mountPoint.resolve("neo4j");
    }

    /** One more subvolume at the top of the filesystem. */
    public Path createSubvolume(String name) {
        Path path = mountPoint.resolve(name);
        run(tool("btrfs"), "subvolume", "create", path.toString());
        return path;
    }

    /** Closed (in reverse order) before the volume is unmounted: a Neo4j whose data is on it, say. */
    public synchronized <T extends AutoCloseable> T closeBeforeUnmount(T resource) {
        closeFirst.push(resource);
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeTrue(isRoot(), "btrfs tests need root (mount, losetup): skipped");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")) || Files.exists(Path.of("/dev/loop0")),
                "no loop device (/dev/loop-control): btrfs tests skipped");
        Assumptions.assumeTrue(find("mkfs.btrfs").isPresent() && find("btrfs").isPresent(),
                "no mkfs.btrfs/btrfs (Debian package btrfs-progs): btrfs tests skipped");
        sweepLeftovers();
        dir = ROOT.resolve(ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        image = dir.resolve("volume.img");
        mountPoint = dir.resolve("mnt");
        Files.createDirectories(mountPoint);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(bytes);
        }
        hook = new Thread(this::tearDown, "btrfs-volume-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        run(tool("mkfs.btrfs"), "-q", image.toString());
        Result mounted = exec(List.of("mount", "-o", "loop", image.toString(), mountPoint.toString()));
        if (mounted.exit() != 0) {
            tearDown();
            // a kernel without btrfs, or no free loop device: the machine's, not the code's
            Assumptions.abort("cannot loop-mount a btrfs image here (" + mounted.output().strip()
                    + "): btrfs tests skipped");
        }
        run(tool("btrfs"), "subvolume", "create", subvolume().toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        tearDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran
            }
        }
    }

    private synchronized void tearDown() {
        if (dir == null) {
            return;
        }
        List<Throwable> failures = new ArrayList<>();
        while (!closeFirst.isEmpty()) {
            try {
                closeFirst.pop().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        release(dir);
        dir = null;
        if (!failures.isEmpty()) {
            UncheckedIOException e = new UncheckedIOException(new IOException("closing before unmount failed"));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Unmounts (lazily when busy after a few tries), detaches its loop device, deletes the folder. */
    private static void release(Path dir) {
        Path mnt = dir.resolve("mnt");
        Path img = dir.resolve("volume.img");
        if (mounted(mnt)) {
            for (int i = 0; i < 10 && exec(List.of("umount", mnt.toString())).exit() != 0; i++) {
                sleep(500);
            }
            if (mounted(mnt)) {
                exec(List.of("umount", "-l", mnt.toString()));
            }
        }
        if (Files.exists(img)) {
            // mount -o loop sets autoclear, so this normally finds nothing left
            for (String line : exec(List.of("losetup", "-j", img.toString())).output().split("\n")) {
                int colon = line.indexOf(':');
                if (line.startsWith("/dev/loop") && colon > 0) {
                    exec(List.of("losetup", "-d", line.substring(0, colon)));
                }
            }
        }
        if (!mounted(mnt)) {
            deleteTree(dir);
        }
    }

    /** Volumes of test JVMs that no longer run (killed before their teardown). */
    private static void sweepLeftovers() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (var entries = Files.list(ROOT)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                int dash = name.indexOf('-');
                long pid = dash > 0 ? parse(name.substring(0, dash)) : -1;
                if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                release(entry);
            }
        }
    }

    private static boolean mounted(Path mnt) {
        try {
            String target = " " + mnt.toAbsolutePath() + " ";
            return Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.contains(target));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Optional<Path> find(String name) {
        return TOOL_DIRS.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    private static String tool(String name) {
        return find(name).orElseThrow().toString();
    }

    private record Result(int exit, String output) {
    }

    private static void run(String... command) {
        Result result = exec(List.of(command));
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exit() + "): "
                    + result.output());
        }
    }

    private static Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, output + " (timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // what is left is swept by the next test JVM
        }
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
