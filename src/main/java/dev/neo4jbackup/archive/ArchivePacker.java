package dev.neo4jbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;

/**
 * Packages a dump in one streaming pass: gzip (or nothing), the seal (encryption, or nothing) and SHA-256
 * of the stored bytes, then fsync. Nothing is held in memory but a buffer, whatever the size of the dump.
 */
public final class ArchivePacker {

    static final int BUFFER = 1 << 20;

    /**
     * gzip's level for a dump when none is configured: 0, stored. A Neo4j 5 dump is Zstandard-compressed
     * inside, so deflate at any level 1-9 saves ~0.2 % for ~4 s of one core per 100 MB (measured in
     * docs/BENCHMARKS.md), the CPU that Neo4j's start competes for on a small host; stored blocks keep the
     * .gz format and its CRC-32 (gunzip, gzip -t), and packing costs ~0.6 s per 100 MB with the SHA-256.
     */
    public static final int DEFAULT_LEVEL = 0;

    /** gzip's level for text (a logical export's JSON lines) when none is configured: deflate pays there. */
    public static final int TEXT_LEVEL = 1;

    private final int level;

    public ArchivePacker() {
        this(DEFAULT_LEVEL);
    }

    /** @param level gzip's deflate level, 0 (stored, no deflating), 1 (fastest) to 9 (smallest) */
    public ArchivePacker(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level " + level + " is not 0..9");
        }
        this.level = level;
    }

    public int level() {
        return level;
    }

    /**
     * Writes {@code dump} to {@code target} with the compression. With NONE the dump is hashed and
     * moved, not copied: a second copy of a large dump would cost as much time again for nothing.
     */
    public PackResult pack(Path dump, Path target, Compression compression) throws IOException {
        return pack(dump, target, compression, Sealer.NONE);
    }

    /**
     * As {@link #pack(Path, Path, Compression)}, with the compressed stream going through {@code sealer}
     * (encryption at rest) in the same pass: dump, gzip, plaintext hash, seal, stored hash, file.
     */
    public PackResult pack(Path dump, Path target, Compression compression, Sealer sealer) throws IOException {
        long start = System.nanoTime();
        long rawBytes = Files.size(dump);
        String sha;
        Manifest.Encryption encryption = null;
        if (compression == Compression.NONE && sealer == Sealer.NONE) {
            sha = sha256(dump);
            Files.move(dump, target);
            force(target);
        } else {
            try (InputStream in = Files.newInputStream(dump)) {
                return pack(in, target, compression, sealer);
            }
        }
        return new PackResult(target, rawBytes, Files.size(target), sha,
                Duration.ofNanos(System.nanoTime() - start), encryption);
    }

    /**
     * As {@link #pack(Path, Path, Compression, Sealer)} from a stream: a backup whose bytes are never one plaintext
     * file (a logical export: its header from memory, then its body from a spool in ciphertext). The raw size is
     * what the stream gave.
     */
    public PackResult pack(InputStream source, Path target, Compression compression, Sealer sealer) throws IOException {
        long start = System.nanoTime();
        MessageDigest digest = newDigest();
        MessageDigest plain = sealer == Sealer.NONE ? digest : newDigest();
        Sealer.Sealed sealed;
        long rawBytes;
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream file = Channels.newOutputStream(channel);
            DigestOutputStream hashed = new DigestOutputStream(file, digest);
            sealed = sealer.seal(hashed);
            try (OutputStream seal = sealed.stream()) {
                OutputStream plaintext = plain == digest ? seal : new DigestOutputStream(seal, plain);
                if (compression == Compression.GZIP) {
                    GZIPOutputStream gzip = new LeveledGzip(plaintext, level);
                    rawBytes = source.transferTo(gzip);
                    gzip.finish();
                } else {
                    rawBytes = source.transferTo(plaintext);
                }
                plaintext.flush();
            } // the seal's end: its last bytes are in the file, or its failure is thrown
            hashed.flush();
            channel.force(true);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        Manifest.Encryption encryption = sealed.format() == null ? null : new Manifest.Encryption(sealed.format(),
                HexFormat.of().formatHex(plain.digest()), sealed.recipientFingerprints());
        return new PackResult(target, rawBytes, Files.size(target), sha, Duration.ofNanos(System.nanoTime() - start),
                encryption);
    }

    /** GZIPOutputStream has no level in its constructors; its deflater is protected, so a subclass sets it. */
    static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level); // before the first write: the header written so far holds no deflated byte
        }
    }

    /** SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
