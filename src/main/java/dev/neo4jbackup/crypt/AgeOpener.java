package dev.neo4jbackup.crypt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import dev.neo4jbackup.archive.LayerFailed;
import dev.neo4jbackup.archive.Opener;

/**
 * Decrypts with {@code age -d -i <identity file>}: the stored bytes are fed to age's standard input on a
 * thread of their own (and read to their end even when age gives up, so that their checksum is complete),
 * age's standard output is the plaintext. The end of the plaintext is reported only once age exited 0: age
 * authenticates every chunk and the end of the file, so a truncated or altered file or a wrong key is a
 * {@link LayerFailed} and never a short dump taken for a whole one.
 */
public final class AgeOpener implements Opener {


    private final AgeProgram age;
    private final Path identityFile;

    public AgeOpener(AgeProgram age, Path identityFile) {
        this.age = age;
        this.identityFile = identityFile;
    }

    public Path identityFile() {
        return identityFile;
    }

    @Override
    public String describe() {
        return "age identity " + identityFile;
    }

    @Override
    public InputStream open(InputStream stored) throws IOException {
        AgeProgram.Running running;
        try {
            running = age.start(List.of("-d", "-i", identityFile.toString()));
        } catch (IOException e) {
            throw new LayerFailed("cannot run " + age.binary() + " (" + e.getMessage() + ")", e);
        }
        OutputStream stdin = running.process().getOutputStream();
        // a failed write means age ended (a wrong key, a bad header): its exit says why
        PipeCopy feeder = new PipeCopy(stored, stdin, stdin);
        Thread thread = feeder.start("age-decrypt");
        return new FilterInputStream(running.process().getInputStream()) {
            private boolean ended;
            private IOException endFailure;
            private boolean reported;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    end(); // the plaintext's end counts only once age said it was all authentic
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close(); // age stops on a closed pipe if the reader gave up early
                } finally {
                    end();
                }
            }

            private void end() throws IOException {
                if (!ended) {
                    ended = true;
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        running.process().destroyForcibly();
                        Thread.currentThread().interrupt();
                        endFailure = new InterruptedIOException("interrupted while age decrypted");
                        throw endFailure;
                    }
                    int exit = running.awaitExit();
                    if (feeder.readFailure() != null) {
                        endFailure = feeder.readFailure(); // the archive itself could not be read
                    } else if (exit != 0) {
                        endFailure = new LayerFailed("age -d exited with " + exit + ": " + running.stderr());
                    }
                }
                if (endFailure != null && !reported) {
                    reported = true; // once: a read saw it, the close of the same stream must not throw it again
                    throw endFailure;
                }
            }
        };
    }
}
