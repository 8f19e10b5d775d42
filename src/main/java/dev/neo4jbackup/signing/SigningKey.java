package dev.neo4jbackup.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key and its id. The id is derived from the key (an HMAC of a fixed text, not a hash of the
 * key itself), so it can be written into every manifest and log line, never needs configuring, and cannot
 * disagree with its key. {@link #toString} never shows the key.
 */
public final class SigningKey {

    static final String MAC = "HmacSHA256";
    private static final byte[] ID_CONTEXT = "neo4j-backup-service signing key id".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final String id;
    /** Where it came from, for messages: the file, or the property that held it. */
    private final String source;

    public SigningKey(byte[] secret, String source) {
        this.key = new SecretKeySpec(secret.clone(), MAC);
        this.source = source;
        this.id = HexFormat.of().formatHex(mac(ID_CONTEXT)).substring(0, 16);
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[id=" + id + ", source=" + source + "]";
    }
}
