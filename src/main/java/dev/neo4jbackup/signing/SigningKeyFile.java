package dev.neo4jbackup.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
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
import dev.neo4jbackup.config.SigningProperties;

/**
 * A signing key's file: read, checked, and written once when the current key's file does not exist yet. Refused
 * (CONFIG_INVALID with the fix) when it is inside the storage folder (whoever can write backups there could read
 * it and sign forgeries), readable or writable by group or others, a symbolic link, or not a key. The file is a
 * comment and one line: the base64 of the key.
 */
public final class SigningKeyFile {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyFile.class);
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final long MAX_BYTES = 16 * 1024;

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
            String property = SigningProperties.PREFIX + "previous-key-files[" + i + "]";
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigInvalidException(property, file, "no such file",
                        "point it at the old key file, or remove it once no kept backup is signed with it");
            }
            previous.add(load(file, storage, property));
        }
        for (String key : properties.previousKeys()) {
            previous.add(new SigningKey(SigningProperties.decode(key), "backup.signing.previous-keys"));
        }
        return new ManifestSigner(current, previous);
    }

    /** The key in {@code file}, written first (0600, its folder 0700) when there is none. */
    static SigningKey loadOrCreate(Path file, Path storage, String property) {
        requireOutside(file, storage, property);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file, property);
        }
        return load(file, storage, property);
    }

    static SigningKey load(Path file, Path storage, String property) {
        requireOutside(file, storage, property);
        if (Files.isSymbolicLink(file)) {
            throw new ConfigInvalidException(property, file, "a symbolic link",
                    "point the property at the key file itself");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigInvalidException(property, file, "not a regular file", "point it at a key file");
        }
        String mode = groupOrOthers(file);
        if (mode != null) {
            throw new ConfigInvalidException(property, file, "mode " + mode + ": group or others may read or "
                    + "write the signing key", "chmod 600 " + file + " (owned by the service's user)");
        }
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigInvalidException(property, file, "not a signing key file (" + Files.size(file)
                        + " bytes)", "point it at the file the service wrote, or " + "make one: head -c 32 "
                                + "/dev/urandom | base64 > " + file + " && chmod 600 " + file);
            }
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigInvalidException(property, file, "cannot be read (" + e.getMessage() + ")",
                    "make it readable by the service's user only (chmod 600)");
        }
        List<String> keys = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        byte[] secret = keys.size() == 1 ? SigningProperties.decode(keys.get(0)) : null;
        if (secret == null) {
            // the content is the secret: never quoted
            throw new ConfigInvalidException(property, file, keys.isEmpty() ? "holds no key"
                    : keys.size() > 1 ? "holds " + keys.size() + " lines that are no comment (one key per file)"
                            : "not a signing key (the base64 of at least " + SigningProperties.MIN_KEY_BYTES
                                    + " bytes)", "restore the file from its backup, or make a new one: head -c 32 "
                                            + "/dev/urandom | base64 > " + file + " && chmod 600 " + file
                                            + " (backups signed with the lost key then need --trust-unsigned)");
        }
        return new SigningKey(secret, file.toString());
    }

    /** Whoever can write the storage folder must not find the key there (nor in a folder below it). */
    static void requireOutside(Path file, Path storage, String property) {
        Path key = real(file.toAbsolutePath().normalize());
        Path root = real(storage.toAbsolutePath().normalize());
        if (key.startsWith(root)) {
            throw new ConfigInvalidException(property, file, "inside the storage folder " + storage
                    + ": whoever can write backups there could read the key and sign a forged backup",
                    "move it out of the storage folder (e.g. /etc/neo4j-backup/signing.key, mode 0600) and point "
                            + ConfigInvalidException.envName(property) + " at it");
        }
    }

    /** The path with its existing part's links resolved (the file itself need not exist yet). */
    private static Path real(Path path) {
        Path existing = path;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            rest = rest == null ? existing.getFileName() : existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            Path resolved = existing.toRealPath();
            return rest == null ? resolved : resolved.resolve(rest);
        } catch (IOException e) {
            return path;
        }
    }

    /** "0644" when group or others have any permission on the file, else null (also on a non-POSIX filesystem). */
    private static String groupOrOthers(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            boolean open = permissions.stream().anyMatch(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS"));
            return open ? octal(permissions) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
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
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return; // another process wrote it a moment ago: that key is the one
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file); // no hard links here: fails, too, when the file exists
                temp = null;
            }
            log.warn("SIGNING_KEY_CREATED: a new signing key {} was written to {} (mode 0600); back this file up next "
                    + "to the age identity: backups it signs verify only with it (docs/signing.md)", key.id(), file);
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
