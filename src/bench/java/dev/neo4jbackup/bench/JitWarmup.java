package dev.neo4jbackup.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Compiles the hot loops (SHA-256, deflate's Java side) before the timed run, as they are in a service
 * that has run before: a fresh JVM hashes its first 100 MB at a fifth of the speed (515 ms against 95 ms
 * measured here) because SHA-256 runs interpreted until the JIT has compiled it. The first backup after a
 * service start pays that once; -Dbench.warmup=false measures it.
 */
final class JitWarmup {

    private JitWarmup() {
    }

    static void run() throws IOException, NoSuchAlgorithmException {
        byte[] block = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(block);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 256; i++) {
            digest.update(block, 0, block.length);
        }
        digest.digest();
        try (OutputStream gzip = new GZIPOutputStream(OutputStream.nullOutputStream(), 1 << 20)) {
            for (int i = 0; i < 8; i++) {
                gzip.write(block);
            }
        }
    }
}
