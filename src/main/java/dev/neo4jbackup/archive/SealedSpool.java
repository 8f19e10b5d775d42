package dev.neo4jbackup.archive;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A spool file in ciphertext only: AES-256 in counter mode (javax.crypto, streaming, no padding) under a random key
 * and IV made for each spool and held in memory only, never written. The SHA-256 of the ciphertext is kept too and
 * checked when the file has been read to its end: a file changed in {@code .staging} while the run waits fails the
 * read ({@link LayerFailed}) rather than going into the archive. Counter mode because GCM's decryption in the JDK
 * holds the whole message in memory before it hands back a byte.
 */
final class SealedSpool implements Spool {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final byte[] iv = new byte[16];
    private final Map<Path, byte[]> written = new ConcurrentHashMap<>();

    SealedSpool() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        RANDOM.nextBytes(iv);
        key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
    }

    private Cipher cipher(int mode) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(mode, key, new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is required of every JVM", e);
        }
    }

    @Override
    public OutputStream create(Path file) throws IOException {
        if (written.containsKey(file.toAbsolutePath())) {
            throw new IOException("a sealed spool writes " + file + " once");
        }
        MessageDigest digest = ArchivePacker.newDigest();
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream hashed = new java.security.DigestOutputStream(stream, digest);
        return new FilterOutputStream(new CipherOutputStream(hashed, cipher(Cipher.ENCRYPT_MODE))) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                written.put(file.toAbsolutePath(), digest.digest());
            }
        };
    }

    @Override
    public InputStream open(Path file) throws IOException {
        byte[] expected = written.get(file.toAbsolutePath());
        if (expected == null) {
            throw new IOException(file + " was not written (and closed) by this spool");
        }
        MessageDigest digest = ArchivePacker.newDigest();
        InputStream hashed = new java.security.DigestInputStream(Files.newInputStream(file), digest);
        return new FilterInputStream(new CipherInputStream(hashed, cipher(Cipher.DECRYPT_MODE))) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                end(b < 0);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                end(n < 0);
                return n;
            }

            private void end(boolean atEnd) throws IOException {
                if (atEnd && !checked) {
                    checked = true;
                    if (!MessageDigest.isEqual(expected, digest.digest())) {
                        throw new LayerFailed("the spool " + file.getFileName() + " changed in .staging while the "
                                + "run waited; nothing was published");
                    }
                }
            }
        };
    }

    @Override
    public boolean plaintext() {
        return false;
    }
}
