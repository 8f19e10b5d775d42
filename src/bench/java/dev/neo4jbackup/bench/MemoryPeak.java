package dev.neo4jbackup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worker's memory high-water marks: heap in use sampled every 10 ms (garbage included, so an upper
 * bound of what the run needs), and the process's peak resident set (VmHWM) from /proc.
 */
final class MemoryPeak implements AutoCloseable {

    private volatile long peakHeap;
    private volatile boolean running = true;
    private final Thread sampler;

    MemoryPeak() {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        if (used > peakHeap) {
            peakHeap = used;
        }
    }

    long peakHeapBytes() {
        sample();
        return peakHeap;
    }

    /** VmHWM of this process in bytes; -1 where there is no /proc (not Linux). */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no RSS column
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
