package dev.neo4jbackup.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * The rules of a signing key's file, checked before anything starts (ConfigurationCheck) and again when the key is
 * read: outside the storage folder (whoever can write backups there could read the key and sign a forgery), no
 * permission for group or others, no symbolic link, one line that is a key (comments aside). A refusal is one
 * CONFIG_INVALID line with the fix; it never quotes the file's content.
 */
public final class SigningKeyFileCheck {

    private static final long MAX_BYTES = 16 * 1024;

    private SigningKeyFileCheck() {
    }

    /** CONFIG_INVALID when {@code file} (existing or not) is inside the storage folder, links resolved. */
    public static void requireOutside(Path file, Path storage, String property) {
        Path key = real(file.toAbsolutePath().normalize());
        Path root = real(storage.toAbsolutePath().normalize());
        if (key.startsWith(root)) {
            throw new ConfigInvalidException(property, file, "inside the storage folder " + storage
                    + ": whoever can write backups there could read the key and sign a forged backup",
                    "move it out of the storage folder (e.g. /etc/neo4j-backup/signing.key, mode 0600) and point "
                            + ConfigInvalidException.envName(property) + " at it");
        }
    }

    /** The key in an existing file, every rule checked; CONFIG_INVALID otherwise. */
    public static byte[] read(Path file, Path storage, String property) {
        requireOutside(file, storage, property);
        if (Files.isSymbolicLink(file)) {
            throw new ConfigInvalidException(property, file, "a symbolic link",
                    "point the property at the key file itself");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigInvalidException(property, file, Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? "not a regular file" : "no such file", "point it at a signing key file");
        }
        String mode = groupOrOthers(file);
        if (mode != null) {
            throw new ConfigInvalidException(property, file, "mode " + mode + ": group or others may read or "
                    + "write the signing key", "chmod 600 " + file + " (owned by the service's user)");
        }
        List<String> lines;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw malformed(file, property, size + " bytes, not a key file");
            }
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigInvalidException(property, file, "cannot be read (" + e.getMessage() + ")",
                    "make it readable by the service's user only (chmod 600)");
        }
        List<String> keys = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        byte[] secret = keys.size() == 1 ? SigningProperties.decode(keys.get(0)) : null;
        if (secret == null) {
            // the content is the secret: never quoted
            throw malformed(file, property, keys.isEmpty() ? "holds no key" : keys.size() > 1 ? "holds "
                    + keys.size() + " lines that are no comment (one key per file)" : "not a signing key (the "
                            + "base64 of at least " + SigningProperties.MIN_KEY_BYTES + " bytes)");
        }
        return secret;
    }

    private static ConfigInvalidException malformed(Path file, String property, String problem) {
        return new ConfigInvalidException(property, file, problem, "restore the file from its backup, or make a "
                + "new one: (umask 077; head -c 32 /dev/urandom | base64 > " + file + ") (backups signed with a lost "
                + "key then need --trust-unsigned or validate --sign)");
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
}
