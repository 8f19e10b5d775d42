package dev.neo4jbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a backup's bytes wait in {@code .staging} between the capture and the packer's pass, when they cannot go to
 * the packer at once (a logical export's header is known only at its end, and comes first). {@link #PLAIN} writes
 * them as they are; {@link #sealed()} writes nothing but ciphertext, under a key that lives only in this process's
 * memory ({@link SealedSpool}): with encryption at rest on, no plaintext of the graph ever reaches the disk, and a
 * crash leaves only bytes nobody can read.
 */
public interface Spool {

    /** A new file for the bytes (refused when it exists: the work folder is the run's own). */
    OutputStream create(Path file) throws IOException;

    /** The bytes written, as they were written. */
    InputStream open(Path file) throws IOException;

    /** Whether what is on disk is plaintext. */
    boolean plaintext();

    Spool PLAIN = new Spool() {
        @Override
        public OutputStream create(Path file) throws IOException {
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public InputStream open(Path file) throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public boolean plaintext() {
            return true;
        }
    };

    /** A spool that writes ciphertext only, under a fresh random key of its own. */
    static Spool sealed() {
        return new SealedSpool();
    }
}
