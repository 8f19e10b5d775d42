package dev.neo4jbackup.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.neo4jbackup.archive.JsonCodec;
import dev.neo4jbackup.domain.Manifest;

/**
 * Signs and verifies manifests: an HMAC-SHA256 with the service's key over the canonical JSON
 * ({@link CanonicalJson}) of the manifest without its {@code signature} field, written into that field as
 * {@code {algorithm, keyId, value}}. The manifest holds the archive's SHA-256 (and the plaintext's when encrypted),
 * so the signature vouches for the archive too. The current key signs; the previous keys only verify.
 */
public final class ManifestSigner {

    public static final String ALGORITHM = "HMAC-SHA256";
    static final String FIELD = "signature";
    /** Keeps a manifest's MAC from ever being valid for anything else the same key might sign. */
    private static final byte[] CONTEXT = "neo4j-backup-service manifest v1\n".getBytes(StandardCharsets.US_ASCII);

    private final SigningKey current;
    private final Map<String, SigningKey> keys = new LinkedHashMap<>();

    public ManifestSigner(SigningKey current, List<SigningKey> previous) {
        this.current = current;
        keys.put(current.id(), current);
        for (SigningKey key : previous) {
            keys.putIfAbsent(key.id(), key);
        }
    }

    public String keyId() {
        return current.id();
    }

    /** Where the current key comes from (a file, or the property that holds it). */
    public String keySource() {
        return current.source();
    }

    /** The ids of the keys that only verify. */
    public List<String> previousKeyIds() {
        List<String> ids = new ArrayList<>(keys.keySet());
        ids.remove(current.id());
        return ids;
    }

    /**
     * The manifest with the current key's signature over exactly what the file will hold: the JSON this service
     * writes for it, read back as a tree (the tree a reader verifies).
     */
    public Manifest sign(Manifest manifest) {
        Manifest unsigned = manifest.withSignature(null);
        JsonNode tree = JsonCodec.MAPPER.readTree(JsonCodec.toBytes(unsigned));
        byte[] mac = mac(current, tree);
        return unsigned.withSignature(new Manifest.Signature(ALGORITHM, current.id(),
                Base64.getEncoder().encodeToString(mac)));
    }

    /** What the signature of one parsed manifest file says; never throws for bad content. */
    public Trust verify(JsonNode tree) {
        if (!(tree instanceof ObjectNode object)) {
            return Trust.unsigned();
        }
        JsonNode signature = object.get(FIELD);
        if (signature == null || signature.isNull()) {
            return Trust.unsigned();
        }
        String algorithm = text(signature, "algorithm");
        String keyId = text(signature, "keyId");
        String value = text(signature, "value");
        if (!signature.isObject() || algorithm == null || keyId == null || value == null) {
            return Trust.untrusted(null, "its signature is malformed (not {algorithm, keyId, value})");
        }
        String shownId = keyId.matches("[0-9a-f]{16}") ? keyId : "(not a key id)";
        if (!ALGORITHM.equals(algorithm)) {
            return Trust.untrusted(shownId, "its signature's algorithm is not " + ALGORITHM);
        }
        SigningKey key = keys.get(keyId);
        if (key == null) {
            return Trust.untrusted(shownId, "it is signed with key " + shownId + ", which this service does not "
                    + "hold (its key is " + current.id() + (keys.size() > 1 ? ", previous " + String.join(", ",
                            previousKeyIds()) : "") + "): a lost or rotated-out key, another service's, or a forgery");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Trust.untrusted(shownId, "its signature is not base64");
        }
        byte[] expected;
        try {
            ObjectNode content = object.deepCopy();
            content.remove(FIELD);
            expected = mac(key, content);
        } catch (RuntimeException e) {
            return Trust.untrusted(shownId, "its content has no canonical form (" + e.getMessage() + ")");
        }
        if (!MessageDigest.isEqual(expected, claimed)) {
            return Trust.untrusted(shownId, "its signature does not match its content: changed after key " + keyId
                    + " signed it, or forged");
        }
        return Trust.signed(keyId);
    }

    private static byte[] mac(SigningKey key, JsonNode tree) {
        JsonNode content = tree;
        if (tree.has(FIELD)) {
            ObjectNode copy = ((ObjectNode) tree).deepCopy();
            copy.remove(FIELD);
            content = copy;
        }
        return key.mac(CONTEXT, CanonicalJson.bytes(content));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    @Override
    public String toString() {
        return "ManifestSigner[key=" + current.id() + ", previous=" + previousKeyIds() + "]";
    }
}
