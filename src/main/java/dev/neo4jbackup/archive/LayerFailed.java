package dev.neo4jbackup.archive;

import java.io.IOException;

/** A seal or opener failed in itself (the age program's error, exit code), not the file under it. */
public final class LayerFailed extends IOException {

    public LayerFailed(String message) {
        super(message);
    }

    public LayerFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
