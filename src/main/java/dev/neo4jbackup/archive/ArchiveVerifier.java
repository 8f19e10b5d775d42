package dev.neo4jbackup.archive;

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

/** Re-reads an archive: its SHA-256 against the expected one and, for gzip, the stream to its end. */
public final class ArchiveVerifier {

    public record Result(boolean ok, String expected, String actual, long uncompressedBytes, String problem) {
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
        MessageDigest digest = ArchivePacker.newDigest();
        long uncompressed = 0;
        String problem = null;
        try (InputStream file = Files.newInputStream(archive);
             DigestInputStream hashed = new DigestInputStream(file, digest)) {
            byte[] buffer = new byte[ArchivePacker.BUFFER];
            if (compression == Compression.GZIP) {
                try {
                    InputStream gunzip = new GZIPInputStream(hashed, ArchivePacker.BUFFER);
                    int n;
                    while ((n = gunzip.read(buffer)) > 0) {
                        writeDump(dump, buffer, n);
                        uncompressed += n;
                    }
                } catch (DumpWriteFailed e) {
                    // a full disk while extracting is not damage in the archive: the caller says so
                    throw e;
                } catch (IOException e) {
                    problem = "gzip stream is damaged (" + e.getMessage() + ")";
                }
                // the checksum covers every byte of the file, also what gunzip did not need
                hashed.transferTo(OutputStream.nullOutputStream());
            } else {
                int n;
                while ((n = hashed.read(buffer)) > 0) {
                    writeDump(dump, buffer, n);
                    uncompressed += n;
                }
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            problem = "checksum mismatch";
        }
        boolean ok = problem == null;
        return new Result(ok, expectedSha256, actual, uncompressed, problem);
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
