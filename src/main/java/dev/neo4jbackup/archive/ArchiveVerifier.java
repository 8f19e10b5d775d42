package dev.neo4jbackup.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

import dev.neo4jbackup.domain.Compression;

/**
 * Re-reads an archive: its SHA-256 against the expected one and, for gzip, the stream to its end; a sealed
 * archive through its {@link Opener}, with the plaintext's SHA-256.
 */
public final class ArchiveVerifier {

    /** The problem of an archive whose gzip stream ends before gzip's own end: the file was cut short. */
    public static final String TRUNCATED = "truncated archive";
    /** The problem of an archive whose bytes are not the ones the checksum was taken of. */
    public static final String CHECKSUM_MISMATCH = "checksum mismatch";

    /**
     * @param plainSha256 the plaintext's SHA-256 when the archive was opened (sealed archives), else null
     * @param layerFailed the opener's failure (wrong key, damaged input) when the stored bytes matched; else null
     */
    public record Result(boolean ok, String expected, String actual, long uncompressedBytes, String problem,
            String plainSha256, String layerFailed) {
    }

    public Result verify(Path archive, Compression compression, String expectedSha256) throws IOException {
        return verify(archive, compression, expectedSha256, OutputStream.nullOutputStream());
    }

    /**
     * Reads the archive to the end once: checks the checksum of its bytes and the integrity of the gzip
     * stream, and writes the dump it holds to {@code dump} (a restore or a validation needs it anyway).
     */
    public Result verify(Path archive, Compression compression, String expectedSha256, OutputStream dump)
            throws IOException {
        return verify(archive, compression, expectedSha256, dump, null);
    }

    /**
     * As {@link #verify(Path, Compression, String, OutputStream)} for a sealed archive: the stored bytes are
     * hashed on their way into {@code opener}, whose plaintext is hashed and decompressed into {@code dump}.
     * A null opener reads a plain archive.
     */
    public Result verify(Path archive, Compression compression, String expectedSha256, OutputStream dump,
            Opener opener) throws IOException {
        MessageDigest digest = ArchivePacker.newDigest();
        MessageDigest plain = opener == null ? null : ArchivePacker.newDigest();
        long[] uncompressed = {0};
        String problem = null;
        String layerFailed = null;
        try (InputStream file = Files.newInputStream(archive);
             DigestInputStream hashed = new DigestInputStream(file, digest)) {
            if (opener == null) {
                problem = extract(hashed, compression, dump, uncompressed);
            } else {
                try (InputStream opened = opener.open(hashed)) {
                    problem = extract(new DigestInputStream(opened, plain), compression, dump, uncompressed);
                } catch (LayerFailed e) {
                    layerFailed = e.getMessage();
                }
            }
            // the checksum covers every byte of the file, also what gunzip did not need
            hashed.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            problem = CHECKSUM_MISMATCH;
            layerFailed = null; // a damaged file is the finding; the layer failing on it follows from that
        } else if (layerFailed != null) {
            problem = "decryption failed (" + layerFailed + ")";
        }
        boolean ok = problem == null;
        return new Result(ok, expectedSha256, actual, uncompressed[0], problem,
                plain == null || layerFailed != null ? null : HexFormat.of().formatHex(plain.digest()), layerFailed);
    }

    /** The dump out of {@code in} (gzip or not) into {@code dump}; the problem of a damaged gzip stream, or null. */
    private static String extract(InputStream in, Compression compression, OutputStream dump, long[] uncompressed)
            throws IOException {
        byte[] buffer = new byte[ArchivePacker.BUFFER];
        if (compression == Compression.GZIP) {
            try {
                InputStream gunzip = new GZIPInputStream(in, ArchivePacker.BUFFER);
                int n;
                while ((n = gunzip.read(buffer)) > 0) {
                    writeDump(dump, buffer, n);
                    uncompressed[0] += n;
                }
                // the rest of the plaintext, so that a sealed archive's layer sees (and checks) its end
                in.transferTo(OutputStream.nullOutputStream());
            } catch (DumpWriteFailed | LayerFailed e) {
                // a full disk while extracting is not damage in the archive: the caller says so
                throw e;
            } catch (EOFException e) {
                // gzip's own end (the trailer with its CRC and size) never came: the file was cut short
                return TRUNCATED + " (the gzip stream ends after " + uncompressed[0] + " bytes of dump: "
                        + e.getMessage() + ")";
            } catch (IOException e) {
                return "gzip stream is damaged (" + e.getMessage() + ")";
            }
        } else {
            int n;
            while ((n = in.read(buffer)) > 0) {
                writeDump(dump, buffer, n);
                uncompressed[0] += n;
            }
        }
        return null;
    }

    private static void writeDump(OutputStream dump, byte[] buffer, int n) throws DumpWriteFailed {
        try {
            dump.write(buffer, 0, n);
        } catch (IOException e) {
            throw new DumpWriteFailed(e);
        }
    }

    /** Writing the extracted dump failed (e.g. ENOSPC): the archive was fine as far as it was read. */
    public static final class DumpWriteFailed extends IOException {
        DumpWriteFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
