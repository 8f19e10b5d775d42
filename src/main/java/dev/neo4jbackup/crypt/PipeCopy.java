package dev.neo4jbackup.crypt;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One side of age's pipes, copied on its own thread. When the writing side fails it reads on to the end:
 * age must never block on a full pipe, and its exit status says why better than a broken pipe. Both
 * failures are kept for the thread that waits for age.
 */
final class PipeCopy implements Runnable {

    private static final int BUFFER = 1 << 16;

    private final InputStream from;
    private final OutputStream to;
    private final Closeable atEnd;
    private volatile IOException readFailure;
    private volatile IOException writeFailure;

    /** {@code atEnd} is closed when the copy ends: age's stdin (so that it sees the end) or its stdout. */
    PipeCopy(InputStream from, OutputStream to, Closeable atEnd) {
        this.from = from;
        this.to = to;
        this.atEnd = atEnd;
    }

    Thread start(String name) {
        Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = from.read(buffer)) > 0) {
                if (writeFailure == null) {
                    try {
                        to.write(buffer, 0, n);
                    } catch (IOException e) {
                        writeFailure = e;
                    }
                }
            }
        } catch (IOException e) {
            readFailure = e;
        } finally {
            try {
                atEnd.close();
            } catch (IOException ignored) {
                // age has gone already
            }
        }
    }

    IOException readFailure() {
        return readFailure;
    }

    /** The first failure of either side. */
    IOException failure() {
        return writeFailure != null ? writeFailure : readFailure;
    }
}
