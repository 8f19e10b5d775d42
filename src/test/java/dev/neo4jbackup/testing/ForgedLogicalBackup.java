package dev.neo4jbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

import dev.neo4jbackup.archive.JsonCodec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What anyone who can write the storage folder (or the bucket) can do without a key: rewrite a logical
 * backup's file and make its checksum file and manifest agree with it again, or rewrite the manifest alone.
 * The backup must be an uncompressed logical one ({@code <id>.jsonl}), as {@code backup.compression=none}
 * writes it. The original file is kept, so that each forgery starts from the real one.
 * <p>
 * Without the service's key a forger cannot sign: a forged manifest keeps the real one's signature, which no longer
 * matches what it signs (UNTRUSTED), or has it removed ({@link #withoutSignature()}: UNSIGNED).
 */
public final class ForgedLogicalBackup {

    private static final JsonMapper LINES = JsonMapper.builder().build();

    private final Path storage;
    private final String id;
    private final byte[] original;
    private final byte[] originalManifest;

    public ForgedLogicalBackup(Path storage, String id) {
        this.storage = storage;
        this.id = id;
        try {
            this.original = Files.readAllBytes(archive());
            this.originalManifest = Files.readAllBytes(storage.resolve(id + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path archive() {
        return storage.resolve(id + ".jsonl");
    }

    /** Puts the real files back. */
    public void restoreOriginal() {
        write(original, originalManifest);
    }

    /** The real file with its header line changed by {@code forge}; sidecar and manifest made to agree. */
    public void forgeHeader(Consumer<ObjectNode> forge) {
        String text = new String(original, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        ObjectNode header = (ObjectNode) LINES.readTree(text.substring(0, eol));
        forge.accept(header);
        byte[] forged = (LINES.writeValueAsString(header) + text.substring(eol)).getBytes(StandardCharsets.UTF_8);
        ObjectNode manifest = (ObjectNode) JsonCodec.MAPPER.readTree(originalManifest);
        manifest.put("sha256", sha256(forged));
        manifest.put("rawBytes", forged.length);
        manifest.put("storedBytes", forged.length);
        write(forged, JsonCodec.MAPPER.writeValueAsBytes(manifest));
    }

    /**
     * The real file with its lines (the header first) changed by {@code forge}; sidecar and manifest made to agree,
     * the manifest's signature removed (a restore then needs the operator's --trust-unsigned, as for any file
     * nobody signed).
     */
    public void forgeLines(java.util.function.UnaryOperator<java.util.List<String>> forge) {
        java.util.List<String> lines = new java.util.ArrayList<>(new String(original, StandardCharsets.UTF_8).lines()
                .toList());
        byte[] forged = (String.join("\n", forge.apply(lines)) + "\n").getBytes(StandardCharsets.UTF_8);
        ObjectNode manifest = (ObjectNode) JsonCodec.MAPPER.readTree(originalManifest);
        manifest.put("sha256", sha256(forged));
        manifest.put("rawBytes", forged.length);
        manifest.put("storedBytes", forged.length);
        manifest.remove("signature");
        write(forged, JsonCodec.MAPPER.writeValueAsBytes(manifest));
    }

    /** The real file, and its manifest changed by {@code forge} (the checksums still agree). */
    public void forgeManifest(Consumer<ObjectNode> forge) {
        ObjectNode manifest = (ObjectNode) JsonCodec.MAPPER.readTree(originalManifest);
        forge.accept(manifest);
        write(original, JsonCodec.MAPPER.writeValueAsBytes(manifest));
    }

    /** The manifest as it is now, with its signature removed (UNSIGNED, as a file from before signing existed). */
    public void withoutSignature() {
        try {
            Path file = storage.resolve(id + ".json");
            ObjectNode manifest = (ObjectNode) JsonCodec.MAPPER.readTree(Files.readAllBytes(file));
            manifest.remove("signature");
            Files.write(file, JsonCodec.MAPPER.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value for a forged field. */
    public static tools.jackson.databind.JsonNode json(Object value) {
        return LINES.valueToTree(value);
    }

    public static Map<String, Object> schema(Object constraints, Object indexes) {
        return Map.of("constraints", constraints, "indexes", indexes);
    }

    private void write(byte[] archive, byte[] manifest) {
        try {
            Files.write(archive(), archive);
            Files.writeString(storage.resolve(id + ".jsonl.sha256"), sha256(archive) + "  " + id + ".jsonl\n");
            Files.write(storage.resolve(id + ".json"), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
