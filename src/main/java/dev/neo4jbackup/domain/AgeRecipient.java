package dev.neo4jbackup.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An age public key ({@code age1} and 58 Bech32 characters), the only thing a backup host needs to encrypt.
 * Its fingerprint goes into the manifest, so that an operator can tell which key opens a backup without
 * the manifest naming the key itself.
 */
public record AgeRecipient(String key) {

    /** Bech32's alphabet has no 1, b, i or o; age's X25519 recipients are always 62 characters. */
    private static final Pattern KEY = Pattern.compile("^age1[02-9ac-hj-np-z]{58}$");

    public AgeRecipient {
        if (key == null || !isValid(key)) {
            throw new IllegalArgumentException("not an age public key (age1 and 58 more characters): " + key);
        }
    }

    public static boolean isValid(String text) {
        return text != null && KEY.matcher(text).matches();
    }

    /** {@code sha256:} and the first 16 hex digits of the key's SHA-256: short, and not the key. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
