package dev.neo4jbackup.logical;

/**
 * How much one write of the import carries: at most {@code rows} entities and at most {@code bytes} of their lines,
 * whichever comes first. Rows alone let a batch of 5,000 nodes with a 2 MB text each reach 10 GB of heap; bytes keep
 * a batch of large properties (embeddings, blobs, long texts) inside the heap. A single line over the bytes is a
 * batch of its own.
 */
public record ImportBudget(int rows, long bytes) {

    /** 8 MiB of lines: ~5 times that on the heap while the driver encodes it, far inside a 256 MB heap. */
    public static final long DEFAULT_BYTES = 8L * 1024 * 1024;

    public ImportBudget {
        if (rows < 1 || bytes < 1) {
            throw new IllegalArgumentException("a batch holds at least one row and one byte");
        }
    }

    public static ImportBudget ofRows(int rows) {
        return new ImportBudget(rows, DEFAULT_BYTES);
    }

    boolean full(int rowsSoFar, long bytesSoFar) {
        return rowsSoFar >= rows || bytesSoFar >= bytes;
    }
}
