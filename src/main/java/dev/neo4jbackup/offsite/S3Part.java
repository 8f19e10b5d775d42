package dev.neo4jbackup.offsite;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One stretch of a file as it is sent (a part, or a whole small file): its place and its checksums, read in one
 * pass before it is sent, and its bytes read again from the file for each attempt of the request, so that the heap
 * never holds more than the I/O buffers.
 *
 * @param sha256 base64, for {@code x-amz-checksum-sha256}
 * @param md5    base64, for {@code Content-MD5}
 */
record S3Part(long offset, long length, String sha256, String md5) {

    private static final int BUFFER = 256 * 1024;

    static S3Part read(Path file, long offset, long length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long position = offset;
            long end = offset + length;
            while (position < end) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException(file + " ended at " + position + " bytes, before " + end);
                }
                sha.update(buffer.array(), 0, n);
                md5.update(buffer.array(), 0, n);
                position += n;
            }
            return new S3Part(offset, length, base64(sha.digest()), base64(md5.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checksums of a small object held in memory. */
    static S3Part of(byte[] content) {
        return new S3Part(0, content.length, base64(digest("SHA-256", content)), base64(digest("MD5", content)));
    }

    /** The part's bytes, read again from the file for each attempt of the request. */
    InputStream stream(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new BufferedInputStream(new BoundedStream(Channels.newInputStream(channel), length), BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** At most {@code left} bytes of a stream. */
    private static final class BoundedStream extends FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
