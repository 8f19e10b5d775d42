package dev.neo4jbackup.signing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.neo4jbackup.config.ConfigInvalidException;
import dev.neo4jbackup.config.SigningKeyFileCheck;
import dev.neo4jbackup.config.SigningProperties;

/**
 * The service's keys from {@code backup.signing.*}: each file read under the rules of {@link SigningKeyFileCheck}
 * (CONFIG_INVALID otherwise), and the current key's file written once when it does not exist yet. The file is a
 * comment and one line: the base64 of the key.
 */
public final class SigningKeyFile {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyFile.class);
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private SigningKeyFile() {
    }

    /** The keys of {@code backup.signing.*}: the current one (its file written if absent) and the previous ones. */
    public static ManifestSigner signer(SigningProperties properties, Path storage) {
        SigningKey current = properties.key() != null
                ? new SigningKey(SigningProperties.decode(properties.key()), "backup.signing.key")
                : loadOrCreate(properties.keyFileOrDefault(), storage, SigningProperties.PREFIX + "key-file");
        List<SigningKey> previous = new ArrayList<>();
        for (int i = 0; i < properties.previousKeyFiles().size(); i++) {
            Path file = properties.previousKeyFiles().get(i);
            previous.add(new SigningKey(SigningKeyFileCheck.read(file, storage, SigningProperties.PREFIX
                    + "previous-key-files[" + i + "]"), file.toString()));
        }
        for (String key : properties.previousKeys()) {
            previous.add(new SigningKey(SigningProperties.decode(key), "backup.signing.previous-keys"));
        }
        return new ManifestSigner(current, previous);
    }

    /** The key in {@code file}, written first (0600, its folder 0700 when made here) when there is none. */
    static SigningKey loadOrCreate(Path file, Path storage, String property) {
        SigningKeyFileCheck.requireOutside(file, storage, property);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file, property);
        }
        return new SigningKey(SigningKeyFileCheck.read(file, storage, property), file.toString());
    }

    /**
     * Writes a new random key: a temp file of mode 0600 in the same folder, fsynced, then linked to its name, which
     * fails when another process (the service and a CLI started at once) was first: its key is then the one.
     */
    private static void create(Path file, String property) {
        byte[] secret = new byte[SigningProperties.MIN_KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        SigningKey key = new SigningKey(secret, file.toString());
        Path folder = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
                setMode(folder, DIR_MODE);
            }
            temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(FILE_MODE));
            String text = "# neo4j-backup-service signing key (HMAC-SHA256), key id " + key.id() + ".\n"
                    + "# Secret: keep it with the service, never in the storage folder or a bucket; back it up next\n"
                    + "# to the age identity. docs/signing.md\n"
                    + Base64.getEncoder().encodeToString(secret) + "\n";
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return; // another process wrote it a moment ago: that key is the one
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file); // no hard links here; fails, too, when the file exists
                temp = null;
            }
            log.warn("SIGNING_KEY_CREATED: a new signing key {} was written to {} (mode 0600); back this file up next "
                    + "to the age identity: the backups it signs verify only with it (docs/signing.md)", key.id(),
                    file);
        } catch (FileAlreadyExistsException e) {
            // written by another process between our look and our move
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigInvalidException(property, file, "no key there and none can be written (" + e + ")",
                    "let the service's user create it (its folder must be writable), or set "
                            + ConfigInvalidException.envName(property) + " to a key file of mode 0600");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a hidden leftover beside the key; never read as a key
                }
            }
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem
        }
    }
}
