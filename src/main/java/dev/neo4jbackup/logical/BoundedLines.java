package dev.neo4jbackup.logical;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The lines of a JSON-lines file as bytes, each at most {@code maxBytes} long: a line over the cap is refused with
 * its number as soon as the cap is passed, before the rest of it is read (a 300 MB line compresses to a 1 MB file).
 * UTF-8 never puts the byte {@code \n} inside a character, so lines are cut on bytes and parsed from bytes: no
 * String of the line is made. The buffer is reused: a line is valid until the next call.
 */
final class BoundedLines implements Closeable {

    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private int length;
    private long number;
    private long bytesRead;
    private int longest;

    BoundedLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** @return false at the end of the file; else the next non-blank line is in {@link #bytes()} */
    boolean next() throws IOException {
        while (true) {
            if (!readLine()) {
                return false;
            }
            if (!blank()) {
                longest = Math.max(longest, length);
                return true;
            }
        }
    }

    private boolean readLine() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                chunkEnd = in.read(chunk);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    if (any) {
                        number++;
                    }
                    return any;
                }
            }
            any = true;
            int start = chunkPos;
            int end = start;
            while (end < chunkEnd && chunk[end] != '\n') {
                end++;
            }
            append(start, end);
            bytesRead += end - start;
            if (end < chunkEnd) {
                chunkPos = end + 1; // past the newline
                bytesRead++;
                number++;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
            chunkPos = chunkEnd;
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if ((long) length + n > maxBytes) {
            throw new BackupFailure(ErrorCode.LOGICAL_FORMAT_INVALID, "Line " + (number + 1) + " of the logical backup "
                    + "is longer than " + maxBytes + " bytes (backup.logical.max-line-bytes); it was not read further; "
                    + "refused before anything was written", "Line: " + (number + 1) + " | Limit: " + maxBytes + " bytes",
                    "Restore a different backup, or raise backup.logical.max-line-bytes if this file is trusted and the "
                            + "heap has room for such a line", null);
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Math.max(line.length * 2L, length + n), Integer.MAX_VALUE - 8));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }

    private boolean blank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The current line's number, 1 for the first line of the file (blank lines counted). */
    long number() {
        return number;
    }

    /** Bytes read so far, newlines included. */
    long bytesRead() {
        return bytesRead;
    }

    /** The longest line so far, in bytes. */
    int longest() {
        return longest;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
