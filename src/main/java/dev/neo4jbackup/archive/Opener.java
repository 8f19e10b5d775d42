package dev.neo4jbackup.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * The read side of {@link Sealer}: the plaintext (the compressed dump) of an archive's stored bytes. The
 * stored stream is read to its end whatever happens to the plaintext, so that the checksum of every stored
 * byte can still be compared.
 */
public interface Opener {

    /**
     * The plaintext of {@code stored}. Its end of stream comes only once the layer said the whole input was
     * authentic; a failure of the layer (wrong key, truncated input) is a {@link LayerFailed} from a read or
     * from close. Close waits until {@code stored} has been read to its end.
     */
    InputStream open(InputStream stored) throws IOException;

    /** For log and check lines, e.g. "age identity /etc/neo4j-backup/key.txt". */
    String describe();
}
