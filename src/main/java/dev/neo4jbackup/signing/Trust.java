package dev.neo4jbackup.signing;

import java.util.Objects;

/**
 * Where a manifest comes from, as far as its signature tells: made by this service (one of its keys verifies it),
 * UNSIGNED (no signature: written before signing existed, or by hand) or UNTRUSTED (a signature that does not
 * verify: altered, forged, or signed with a key this service does not hold).
 *
 * @param keyId  the key that signed it (SIGNED), or the one it names (UNTRUSTED); null when unsigned
 * @param reason why it is not SIGNED, for an operator; null when it is
 */
public record Trust(State state, String keyId, String reason) {

    public enum State {
        SIGNED, UNSIGNED, UNTRUSTED
    }

    private static final Trust UNSIGNED = new Trust(State.UNSIGNED, null,
            "it carries no signature (written before signing existed, or by hand)");

    public Trust {
        Objects.requireNonNull(state, "state");
    }

    public static Trust signed(String keyId) {
        return new Trust(State.SIGNED, keyId, null);
    }

    public static Trust unsigned() {
        return UNSIGNED;
    }

    public static Trust untrusted(String keyId, String reason) {
        return new Trust(State.UNTRUSTED, keyId, reason);
    }

    public boolean signed() {
        return state == State.SIGNED;
    }

    public boolean untrusted() {
        return state == State.UNTRUSTED;
    }

    /** One line for a listing: {@code SIGNED (key 5f1c2a9e0b7d4c31)}, {@code UNSIGNED: ...}, {@code UNTRUSTED: ...}. */
    public String describe() {
        return signed() ? "SIGNED (key " + keyId + ")" : state + ": " + reason;
    }
}
