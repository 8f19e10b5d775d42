package dev.neo4jbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for our files (manifests, state). Unknown fields are ignored so that a newer
 * file stays readable by an older version of the tool.
 */
public final class JsonCodec {

    /**
     * A label, type or key of the graph is a key in a manifest's graph stats. Neo4j takes names of megabytes;
     * Jackson's default cap on a name (50,000 characters) made the manifest of a graph with a 64 KB label
     * unreadable, so the backup was INVALID the moment it was written. The file itself stays capped by
     * {@link #MAX_BYTES}.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
                    StreamReadConstraints.builder().maxNameLength((int) JsonCodec.MAX_BYTES).build()).build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Our manifests are ~2 KB and the state file less: 1 MiB is far beyond any file we write. */
    public static final long MAX_BYTES = 1024 * 1024;

    private JsonCodec() {
    }

    public static byte[] toBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Reads one of our files, at most {@link #MAX_BYTES}; a symbolic link is not followed. */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, type, MAX_BYTES);
    }

    /**
     * Reads at most {@code maxBytes} (then {@link TooLarge}) without following a symbolic link: the storage
     * folder is input, and a 300 MB "manifest" must not take the heap, nor a link make us read another file.
     */
    public static <T> T read(Path file, Class<T> type, long maxBytes) {
        try {
            return MAPPER.readValue(readBounded(file, maxBytes), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, refused past {@code maxBytes} (the file may still be growing: the read is bounded too). */
    public static byte[] readBounded(Path file, long maxBytes) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(channel)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw new TooLarge(file, size, maxBytes);
            }
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new TooLarge(file, bytes.length, maxBytes);
            }
            return bytes;
        }
    }

    /** A file larger than we ever write: not read. */
    public static final class TooLarge extends IOException {
        private final long size;
        private final long limit;

        TooLarge(Path file, long size, long limit) {
            super(file.getFileName() + " is " + size + " bytes, more than the " + limit + " bytes limit");
            this.size = size;
            this.limit = limit;
        }

        public long size() {
            return size;
        }

        public long limit() {
            return limit;
        }
    }
}
