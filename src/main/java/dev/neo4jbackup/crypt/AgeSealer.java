package dev.neo4jbackup.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.neo4jbackup.archive.LayerFailed;
import dev.neo4jbackup.archive.Sealer;
import dev.neo4jbackup.domain.AgeRecipient;
import dev.neo4jbackup.domain.Manifest;

/**
 * Encrypts in the packer's pass with {@code age -r <key> ...}: the compressed stream goes to age's standard
 * input from the packer's thread, and age's standard output is copied into the stored (hashed) stream on a
 * thread of its own. Only public keys are needed: the backup host cannot read its own backups.
 */
public final class AgeSealer implements Sealer {

    public static final String SUFFIX = ".age";

    private final AgeProgram age;
    private final List<AgeRecipient> recipients;
    private final Path recipientsFile;

    /** @param recipientsFile read at each seal (a key added to it is used from the next backup on), or null */
    public AgeSealer(AgeProgram age, List<AgeRecipient> recipients, Path recipientsFile) {
        this.age = age;
        this.recipients = List.copyOf(recipients);
        this.recipientsFile = recipientsFile;
    }

    @Override
    public String suffix() {
        return SUFFIX;
    }

    /** The keys of the configuration and of the recipients file, in that order, each once. */
    public List<AgeRecipient> recipients() throws IOException {
        Set<AgeRecipient> all = new LinkedHashSet<>(recipients);
        if (recipientsFile != null) {
            List<String> lines = Files.readAllLines(recipientsFile);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (!AgeRecipient.isValid(line)) {
                    throw new LayerFailed("line " + (i + 1) + " of " + recipientsFile + " is not an age public key");
                }
                all.add(new AgeRecipient(line));
            }
        }
        if (all.isEmpty()) {
            throw new LayerFailed("no age public key to encrypt to (" + recipientsFile + " holds none)");
        }
        return List.copyOf(all);
    }

    @Override
    public Sealed seal(OutputStream stored) throws IOException {
        List<AgeRecipient> keys = recipients();
        List<String> arguments = new ArrayList<>();
        for (AgeRecipient key : keys) {
            arguments.add("-r");
            arguments.add(key.key());
        }
        AgeProgram.Running running;
        try {
            running = age.start(arguments);
        } catch (IOException e) {
            throw new LayerFailed("cannot run " + age.binary() + " (" + e.getMessage() + ")", e);
        }
        InputStream stdout = running.process().getInputStream();
        PipeCopy pump = new PipeCopy(stdout, stored, stdout);
        Thread thread = pump.start("age-encrypt");
        OutputStream stdin = running.process().getOutputStream();
        OutputStream stream = new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    stdin.write(b, off, len);
                } catch (IOException e) {
                    // age is gone (its output failed, or it died): its own reason says more than a broken pipe
                    end(e);
                    throw new LayerFailed("age stopped reading (" + e.getMessage() + ")", e);
                }
            }

            @Override
            public void flush() throws IOException {
                stdin.flush();
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    end(null);
                }
            }

            private void end(IOException writeFailed) throws IOException {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // a broken pipe: age's exit says why
                }
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    running.process().destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while age encrypted");
                }
                int exit = running.awaitExit();
                if (pump.failure() != null) {
                    throw pump.failure(); // e.g. no space left writing the ciphertext: the disk's failure, not age's
                }
                if (exit != 0) {
                    throw new LayerFailed("age exited with " + exit + ": " + running.stderr(), writeFailed);
                }
            }
        };
        return new Sealed(stream, Manifest.Encryption.AGE, keys.stream().map(AgeRecipient::fingerprint).toList());
    }
}
