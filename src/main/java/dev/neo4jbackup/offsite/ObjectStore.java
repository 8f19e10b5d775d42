package dev.neo4jbackup.offsite;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A destination's object storage: flat keys ({@code <prefix>/<database>/<file>}) holding bytes, the few calls the
 * off-site copies need. Built from a destination's configuration by {@link ObjectStores}; {@link S3Store} is the
 * first. What a copy is (archive, sidecar, manifest last), its checks and its retention live above it, in the
 * off-site copies, the same for every store.
 *
 * <p>Failure contract, for every method: a store that cannot be reached, does not answer within its timeout or
 * refuses the request throws {@link Failure}, whose message is the store's own words (one line, never a
 * credential). An object larger than the caller allows throws {@link TooLarge}, before it is read whole. Nothing
 * is retried here: the upload queue's backoff is the one retry policy.
 */
public interface ObjectStore extends AutoCloseable {

    /** Where the store is, for an operator's error: e.g. {@code http://minio:9000, bucket neo4j-backups}. */
    String describe();

    /** One key's address as log lines and errors show it: e.g. {@code s3://neo4j-backups/<key>}. */
    String address(String key);

    /** Whether an object is at {@code key}; false when there is none (no {@link Failure} for a missing one). */
    boolean exists(String key);

    /** Every object whose key starts with {@code prefix} ({@code ""}: all), with its size, in key order. */
    List<StoredObject> list(String prefix);

    /**
     * Stores {@code size} bytes of {@code file} at {@code key}, streamed (never the whole file in memory) and
     * checked by the store on arrival. A failed upload leaves no object and nothing billed behind (a multipart
     * upload is aborted). A file that cannot be read, or ends before {@code size}, throws an
     * {@link java.io.UncheckedIOException} naming it.
     */
    void putFile(String key, Path file, long size);

    /** Stores a small object (a sidecar, a manifest) at {@code key}, checked by the store on arrival. */
    void putBytes(String key, byte[] content, String contentType);

    /**
     * Streams the object at {@code key} into {@code out}, at most {@code maxBytes}; returns the bytes written. An
     * object that says it is larger is refused unread, one that turns out larger is not read past
     * {@code maxBytes + 1} bytes: either way {@link TooLarge}, the connection aborted rather than drained.
     */
    long get(String key, OutputStream out, long maxBytes);

    /** A small object read whole (a manifest, a sidecar), at most {@code maxBytes}; larger is {@link TooLarge}. */
    byte[] getSmall(String key, long maxBytes);

    /** Deletes the object at {@code key}; a key that holds none is no failure. */
    void delete(String key);

    /** Releases the client's connections. */
    @Override
    void close();

    /** One listed object: its key and size in bytes. */
    record StoredObject(String key, long size) {
    }

    /** The store could not do what was asked (unreachable, timed out, refused): its own words, never a secret. */
    final class Failure extends RuntimeException {

        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An object bigger than its kind may be: refused before it is read whole. */
    final class TooLarge extends RuntimeException {
        private final long size;
        private final long limit;
        private final boolean announced;

        /** The object says (its Content-Length) it is {@code size} bytes. */
        public TooLarge(long size, long limit) {
            this(size, limit, true);
        }

        /** @param announced {@code size} is the object's own length; else what was read before reading stopped */
        public TooLarge(long size, long limit, boolean announced) {
            super(announced ? "the object is " + size + " bytes, more than the " + limit + " bytes allowed; not read"
                    : "the object is more than the " + limit + " bytes allowed; reading stopped after " + size
                            + " bytes");
            this.size = size;
            this.limit = limit;
            this.announced = announced;
        }

        /** The object's size (announced), or the bytes read before reading stopped. */
        public long size() {
            return size;
        }

        public long limit() {
            return limit;
        }

        public boolean announced() {
            return announced;
        }
    }
}
