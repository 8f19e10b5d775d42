package dev.neo4jbackup.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The slot between the compressed stream and the stored bytes, in the packer's one pass: what the packer
 * writes goes through the seal, and what the seal puts out is hashed and stored. Encryption at rest fills
 * it (crypt); {@link #NONE} stores the compressed stream as it is. Any archive the packer writes, of any
 * backup kind, goes through the same slot.
 */
public interface Sealer {

    /** Stores the bytes as they come. */
    Sealer NONE = new Sealer() {
        @Override
        public String suffix() {
            return "";
        }

        @Override
        public Sealed seal(OutputStream stored) {
            return new Sealed(new FilterOutputStream(stored) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the packer closes the file itself
                }
            }, null, List.of());
        }
    };

    /** What the seal adds to the archive's name ({@code .age}); empty for none. */
    String suffix();

    /**
     * Starts sealing into {@code stored}. Closing {@link Sealed#stream()} ends the seal: it returns once every
     * sealed byte is in {@code stored} (which it leaves open), and throws {@link LayerFailed} when the seal
     * failed. Closing it after an error of the caller's ends the seal too, never hangs.
     */
    Sealed seal(OutputStream stored) throws IOException;

    /**
     * @param stream                where the plaintext goes
     * @param format                the manifest's {@code encryption.format}; null for none
     * @param recipientFingerprints the keys it is sealed to, as the manifest records them
     */
    record Sealed(OutputStream stream, String format, List<String> recipientFingerprints) {
    }
}
