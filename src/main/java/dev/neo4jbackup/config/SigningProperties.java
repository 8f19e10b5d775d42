package dev.neo4jbackup.config;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code backup.signing.*}: the key the service signs its manifests with (docs/signing.md). It lives with the
 * service, never in the storage folder or a bucket. Either a file ({@code key-file}, generated at the first start
 * when it does not exist) or the key itself as a secret value ({@code key}, e.g. from a secret store's environment
 * variable). Older keys go in {@code previous-key-files} / {@code previous-keys}: they still verify what they
 * signed, only the current key signs. A key is the base64 of at least 32 random bytes; its id is derived from it.
 *
 * @param keyFile          the current key's file (default {@link #defaultKeyFile()}); mode 0600, outside the
 *                         storage folder
 * @param key              the current key as a value instead of a file; never logged, never in an error
 * @param previousKeyFiles files of keys that verify but no longer sign
 * @param previousKeys     the same as values
 */
@ConfigurationProperties("backup.signing")
public record SigningProperties(Path keyFile, String key, List<Path> previousKeyFiles, List<String> previousKeys) {

    public static final String PREFIX = "backup.signing.";
    /** 256 bits, the HMAC-SHA256 block's worth of key material and what {@code head -c 32 /dev/urandom} gives. */
    public static final int MIN_KEY_BYTES = 32;
    static final int MAX_KEY_BYTES = 1024;
    static final String MAKE_ONE = "let the service write one at its first start (leave it unset), or make one with: "
            + "head -c 32 /dev/urandom | base64";

    public SigningProperties {
        keyFile = keyFile == null || keyFile.toString().isBlank() ? null : keyFile;
        key = key == null || key.isBlank() ? null : key.trim();
        previousKeyFiles = previousKeyFiles == null ? List.of()
                : previousKeyFiles.stream().filter(p -> p != null && !p.toString().isBlank()).distinct().toList();
        previousKeys = previousKeys == null ? List.of()
                : previousKeys.stream().filter(k -> k != null && !k.isBlank()).map(String::trim).distinct().toList();
        if (key != null && keyFile != null) {
            throw new ConfigInvalidException(PREFIX + "key", "(hidden)", "both a key and a key file are set",
                    "set only one: BACKUP_SIGNING_KEY (the key itself) or BACKUP_SIGNING_KEYFILE (its file)");
        }
        if (key != null && decode(key) == null) {
            throw new ConfigInvalidException(PREFIX + "key", "(hidden)", "not a signing key (the base64 of at least "
                    + MIN_KEY_BYTES + " bytes)", MAKE_ONE);
        }
        for (int i = 0; i < previousKeys.size(); i++) {
            if (decode(previousKeys.get(i)) == null) {
                throw new ConfigInvalidException(PREFIX + "previous-keys[" + i + "]", "(hidden)",
                        "not a signing key (the base64 of at least " + MIN_KEY_BYTES + " bytes)",
                        "use the key line of the old key file, or move the file to backup.signing.previous-key-files");
            }
        }
    }

    /**
     * The file rules of every configured key file ({@link SigningKeyFileCheck}), before anything starts: the current
     * one when it exists (else it is written at the start, outside the storage folder), the previous ones always.
     */
    public void check(Path storage) {
        if (key == null) {
            Path file = keyFileOrDefault();
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                SigningKeyFileCheck.read(file, storage, PREFIX + "key-file");
            } else {
                SigningKeyFileCheck.requireOutside(file, storage, PREFIX + "key-file");
            }
        }
        for (int i = 0; i < previousKeyFiles.size(); i++) {
            SigningKeyFileCheck.read(previousKeyFiles.get(i), storage, PREFIX + "previous-key-files[" + i + "]");
        }
    }

    /** The key file in force: the configured one, else the default (also when the key is a value: unused then). */
    public Path keyFileOrDefault() {
        return keyFile != null ? keyFile : defaultKeyFile();
    }

    /**
     * Where a key is written at the first start when nothing is configured: the service user's
     * {@code ~/.config/neo4j-backup/signing.key}, which is never inside a storage folder of ours unless one was
     * configured there (then refused at start). In a container, mount a volume there or set the key file.
     */
    public static Path defaultKeyFile() {
        return Path.of(System.getProperty("user.home"), ".config", "neo4j-backup", "signing.key");
    }

    /** The key bytes of a key's text (base64, surrounding blanks ignored), or null when it is none. */
    public static byte[] decode(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() > MAX_KEY_BYTES * 2 || !trimmed.matches("[A-Za-z0-9+/]+={0,2}")) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(trimmed);
            return bytes.length >= MIN_KEY_BYTES && bytes.length <= MAX_KEY_BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Never the key, not even in a configuration dump. */
    @Override
    public String toString() {
        return "SigningProperties[keyFile=" + keyFile + ", key=" + (key == null ? "unset" : "(hidden)")
                + ", previousKeyFiles=" + previousKeyFiles + ", previousKeys=" + previousKeys.size() + " (hidden)]";
    }
}
