package dev.neo4jbackup.restore;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import dev.neo4jbackup.archive.ChecksumLine;
import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.catalog.CatalogNames;
import dev.neo4jbackup.domain.Compression;
import dev.neo4jbackup.domain.Manifest;
import dev.neo4jbackup.error.BackupFailure;
import dev.neo4jbackup.error.ErrorCode;

/**
 * The bundled initial backup ({@code backup.initial-restore}) as input: a file of the operator's (or an image's)
 * that is trusted only once its SHA-256 matches what sits next to it, its {@code .sha256} sidecar
 * ({@code sha256sum} output) or the manifest of a backup copied from a storage folder, and its content is
 * what its kind says: a Neo4j dump starts with Neo4j's dump header ({@code DZV1} Zstandard, {@code DGV1} gzip),
 * a logical export with a JSON line. Every refusal is INITIAL_RESTORE_INVALID with its reason.
 */
public final class BundledBackup {

    /** What a dump's first four bytes are (Neo4j 5: Zstandard; older: gzip). */
    static final String[] DUMP_HEADERS = {"DZV1", "DGV1"};
    /** A sidecar is one line; a manifest a few KB: anything bigger is not what it claims. */
    private static final long SIDECAR_MAX_BYTES = 4096;

    public enum Content {
        DUMP, LOGICAL
    }

    /**
     * @param compression GZIP when the file is gzip-compressed (a {@code .gz} name or the gzip magic)
     * @param manifest    the manifest next to it, when it is a backup copied from a storage folder; else null
     * @param checkedBy   what the checksum was compared with ("sidecar x.sha256", "manifest x.json")
     */
    public record Checked(Path file, Content content, Compression compression, String sha256, long bytes,
            Manifest manifest, String checkedBy) {
    }

    private BundledBackup() {
    }

    public static Checked check(Path file) {
        if (file == null) {
            throw invalid("no file is configured", null);
        }
        if (!Files.exists(file)) {
            throw invalid(file + " does not exist", null);
        }
        if (!Files.isRegularFile(file)) {
            throw invalid(file + " is not a regular file", null);
        }
        if (!Files.isReadable(file)) {
            throw invalid(file + " is not readable by the service's user", null);
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw invalid(file + " cannot be read: " + e.getMessage(), null);
        }
        if (bytes == 0) {
            throw invalid(file + " is empty", null);
        }
        String name = file.getFileName().toString();
        String fromSidecar = sidecarChecksum(file, name);
        Manifest manifest = neighbourManifest(file, name);
        String fromManifest = manifest == null ? null : manifest.sha256();
        if (fromSidecar != null && fromManifest != null && !fromSidecar.equals(fromManifest)) {
            throw invalid("its sidecar and its manifest disagree on the checksum", "Sidecar: " + fromSidecar
                    + " | Manifest: " + fromManifest);
        }
        String expected = fromSidecar != null ? fromSidecar : fromManifest;
        if (expected == null) {
            throw invalid("nothing to check " + name + " against: no " + CatalogNames.sidecarOf(name)
                    + " and no manifest next to it", null).withAction("Put its checksum next to it (sha256sum " + name
                    + " > " + CatalogNames.sidecarOf(name) + "), or copy the backup's manifest along with it");
        }
        boolean gzip = name.endsWith(".gz") || startsWithGzipMagic(file);
        String got;
        Content content;
        try (InputStream raw = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            DigestInputStream hashed = new DigestInputStream(new BufferedInputStream(raw, 1 << 16), digest);
            content = content(gzip ? new GZIPInputStream(hashed, 1 << 16) : hashed, name);
            hashed.transferTo(OutputStream.nullOutputStream()); // the rest, for the checksum of the whole file
            got = HexFormat.of().formatHex(digest.digest());
        } catch (ZipException e) {
            throw invalid(name + " is not a valid gzip file (" + e.getMessage() + ")", null);
        } catch (IOException e) {
            throw invalid(name + " cannot be read: " + e.getMessage(), null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!got.equals(expected)) {
            throw invalid("the checksum of " + name + " does not match", "Expected: " + expected + " | Got: " + got);
        }
        return new Checked(file, content, gzip ? Compression.GZIP : Compression.NONE, got, bytes, manifest,
                fromSidecar != null ? "sidecar " + CatalogNames.sidecarOf(name) : "manifest");
    }

    /** The dump's header or a JSON line; reads only the first bytes of the (decompressed) content. */
    private static Content content(InputStream in, String name) throws IOException {
        byte[] head = in.readNBytes(64);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        for (String header : DUMP_HEADERS) {
            if (text.startsWith(header)) {
                return Content.DUMP;
            }
        }
        if (text.stripLeading().startsWith("{")) {
            return Content.LOGICAL;
        }
        throw invalid(name + " is neither a Neo4j dump (it starts with " + printable(head)
                + ", not DZV1 or DGV1) nor a JSON-lines logical export", null);
    }

    private static String sidecarChecksum(Path file, String name) {
        Path sidecar = file.resolveSibling(CatalogNames.sidecarOf(name));
        if (!Files.isRegularFile(sidecar)) {
            return null;
        }
        try {
            ChecksumLine line = ChecksumLine.parse(new String(JsonCodec.readBounded(sidecar, SIDECAR_MAX_BYTES),
                    StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            String named = line.fileName().startsWith("*") ? line.fileName().substring(1) : line.fileName();
            if (!named.equals(name) && !Path.of(named).getFileName().toString().equals(name)) {
                throw invalid(sidecar.getFileName() + " is the checksum of " + named + ", not of " + name, null);
            }
            return line.sha256();
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(sidecar.getFileName() + " is not a sha256sum line (" + e.getMessage() + ")", null);
        }
    }

    /** {@code <id>.json} beside {@code <id>.dump[.gz]}: a backup copied from a storage folder. */
    private static Manifest neighbourManifest(Path file, String name) {
        String base = null;
        for (Compression compression : Compression.values()) {
            if (name.endsWith(compression.suffix())) {
                base = name.substring(0, name.length() - compression.suffix().length());
                break;
            }
        }
        if (base == null) {
            return null;
        }
        Path manifest = file.resolveSibling(base + CatalogNames.MANIFEST_SUFFIX);
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            return JsonCodec.read(manifest, Manifest.class);
        } catch (RuntimeException e) {
            throw invalid(manifest.getFileName() + " is not a manifest (" + e.getMessage() + ")", null);
        }
    }

    private static boolean startsWithGzipMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    private static String printable(byte[] head) {
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < Math.min(4, head.length); i++) {
            char c = (char) (head[i] & 0xff);
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return shown.append("'").toString();
    }

    static BackupFailure invalid(String reason, String numbers) {
        return new BackupFailure(ErrorCode.INITIAL_RESTORE_INVALID, "The bundled initial backup cannot be used: "
                + reason, numbers);
    }
}
