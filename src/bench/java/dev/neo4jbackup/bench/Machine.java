package dev.neo4jbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the numbers were measured on, read from /proc and df (Linux); "unknown" elsewhere. */
final class Machine {

    private Machine() {
    }

    static List<String> describe(Path work) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + firstValue("/proc/cpuinfo", "model name") + ", nproc " + Runtime.getRuntime()
                .availableProcessors());
        String mem = firstValue("/proc/meminfo", "MemTotal");
        lines.add("RAM: " + (mem.endsWith("kB") ? Math.round(Long.parseLong(mem.replaceAll("[^0-9]", ""))
                / 1024.0 / 1024.0) + " GB" : mem));
        lines.add("Disk (work folder " + work + "): " + df(work));
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "; Java "
                + System.getProperty("java.version") + "; " + gzipVersion());
        return lines;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String df(Path work) {
        Path existing = work;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String out = run("df", "-hT", String.valueOf(existing));
        String[] lines = out.strip().split("\\R");
        if (lines.length < 2) {
            return "unknown";
        }
        String[] f = lines[lines.length - 1].trim().split("\\s+");
        String device = f[0];
        String rotational = "";
        if (device.startsWith("/dev/")) {
            Path flag = Path.of("/sys/block", device.substring(5).replaceAll("[0-9]+$", ""), "queue/rotational");
            try {
                rotational = Files.readString(flag).strip().equals("0") ? ", non-rotational" : ", rotational";
            } catch (IOException e) {
                rotational = "";
            }
        }
        return f.length >= 7 ? device + " (" + f[1] + rotational + "), " + f[2] + " total, " + f[4] + " free"
                : lines[lines.length - 1];
    }

    private static String gzipVersion() {
        String out = run("gzip", "--version");
        return out.isBlank() ? "gzip unknown" : out.lines().findFirst().orElse("gzip");
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
